"""Refused actions: a machine code, an HTTP status and a message in the user's language.

Services raise these (never HTTP exceptions); the API's exception handler turns them into the
one error format (``factory_eval.core.api.exceptions``), pages into a message. Each app
subclasses :class:`DomainError` with its own ``messages``, so the texts live (and are
translated) in the app that owns the rule.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """An action refused by a business rule. ``status`` is the HTTP status it maps to."""

    status: ClassVar[int] = 409
    messages: ClassVar[dict[str, Any]] = {}

    def __init__(
        self, code: str, *, field: str | None = None, status: int | None = None, **params: Any
    ):
        self.code = code
        self.field = field
        self.params = params
        if status is not None:
            self.status = status
        super().__init__(f"{code} {params}")

    @property
    def message(self) -> str:
        template = self.messages.get(self.code)
        if template is None:
            return self.code
        return str(template) % self.params if self.params else str(template)


class NotAllowedError(DomainError):
    """The user may not do this (role, four eyes, read-only jurisdiction): HTTP 403."""

    status = 403
    messages = {
        "read_only": _("your role may only read"),
        "not_your_organisation": _("you do not manage this organisation's plants"),
        "not_a_reviewer": _("only association reviewers may review reports"),
        "own_organisation": _(
            "you belong to this plant's organisation, so you may not review it (four eyes)"
        ),
        "own_submission": _("no one may review or approve their own submission (four eyes)"),
        "not_the_reviewer": _("this review belongs to another reviewer"),
        "administrators_only": _("only administrators may do this"),
    }
