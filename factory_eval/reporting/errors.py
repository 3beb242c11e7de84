"""Refusals of the report workflow (HTTP 409: the report is not in a state that allows it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from factory_eval.core.errors import DomainError


class WorkflowError(DomainError):
    status = 409
    messages = {
        "not_editable": _(
            "the report is “%(state)s”: only a draft can be changed (after approval, create "
            "a revision)"
        ),
        "cannot_submit": _("only a draft can be submitted; this report is “%(state)s”"),
        "cannot_revise": _("only the approved report can be revised; this report is “%(state)s”"),
        "revision_exists": _("revision %(revision)s of this report already exists"),
        "upload_not_finished": _("the upload has not finished yet"),
        "evidence_in_use": _(
            "“%(name)s” is cited by a reviewer's decision on a gate item and is kept; upload "
            "a new file beside it instead"
        ),
    }
