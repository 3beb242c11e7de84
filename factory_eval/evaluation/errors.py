"""Refusals of evaluation writes (HTTP 409: the report is in a state that forbids them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from factory_eval.core.errors import DomainError


class EvaluationStateError(DomainError):
    status = 409
    messages = {
        "criteria_not_editable": _(
            "the report is “%(state)s”: criteria sets are chosen only while it is a draft"
        ),
        "gates_frozen": _(
            "the report is “%(state)s”: its gate items can no longer change (a correction is "
            "a new revision)"
        ),
    }
