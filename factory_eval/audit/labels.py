"""Readable names of audit actions, for the history pages (the action codes stay in the data)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "reporting.report_created": _("Report created"),
    "reporting.report_updated": _("Figures changed"),
    "reporting.line_added": _("Line added"),
    "reporting.line_updated": _("Line changed"),
    "reporting.line_deleted": _("Line deleted"),
    "reporting.evidence_added": _("Evidence added"),
    "reporting.evidence_deleted": _("Evidence deleted"),
    "reporting.submitted": _("Submitted"),
    "reporting.status_changed": _("Status changed"),
    "reporting.revision_created": _("Revision created"),
    "reporting.superseded": _("Superseded by a revision"),
    "accounting.result_stored": _("Result computed"),
    "accounting.recalculated": _("Recalculated"),
    "evaluation.criteria_chosen": _("Criteria sets chosen"),
    "evaluation.gate_confirmed": _("Gate item decided"),
    "evaluation.stored": _("Evaluated"),
    "reviews.started": _("Review started"),
    "reviews.approved": _("Approved"),
    "reviews.returned": _("Report returned with comments"),
    "certificates.issued": _("Certificate issued"),
    "certificates.revoked": _("Certificate revoked"),
    "certificates.superseded": _("Certificate superseded"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
