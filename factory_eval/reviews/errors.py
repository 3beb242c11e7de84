"""Refusals of the review workflow (HTTP 409: the report or review is in the wrong state)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from factory_eval.core.errors import DomainError


class ReviewStateError(DomainError):
    status = 409
    messages = {
        "cannot_start_review": _(
            "only a computed report can be taken into review; this report is “%(state)s”"
        ),
        "review_closed": _("this review is already closed (“%(decision)s”)"),
        "report_not_in_review": _("the report is “%(state)s”, not in review"),
    }
