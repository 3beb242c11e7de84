"""Filters for showing audit events: readable action names and the before/after snapshots."""

from __future__ import annotations

import json
from typing import Any

from django import template

from factory_eval.audit.labels import action_label as _action_label

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return _action_label(action)


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)
