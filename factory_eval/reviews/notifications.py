"""Telling the submitter about a decision by email: Chinese first, then English.

Sent after the transaction commits; a mail failure is logged and never undoes the decision.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _ratings(review) -> str:
    """The ratings pinned at approval, one line per criteria set, in the active language."""
    suffix = "zh" if (get_language() or "zh-hans").startswith("zh") else "en"
    lines = []
    for row in review.approved_evaluations.select_related("evaluation").order_by(
        "criteria_set__slug"
    ):
        outcome = row.evaluation.outcome
        level = outcome.get(f"level_name_{suffix}") or _("no level reached")
        provisional = _(" (provisional)") if row.evaluation.provisional else ""
        lines.append(f"- {outcome[f'criteria_name_{suffix}']}: {level}{provisional}")
    return "\n" + _("Ratings approved:") + "\n" + "\n".join(lines) if lines else ""


def _texts(review) -> tuple[str, str]:
    report = review.report
    values = {
        "plant": f"{report.plant.code} {report.plant.name_zh}",
        "year": report.year,
        "revision": report.revision,
        "comments": review.comments or "-",
    }
    if review.decision == "approved":
        subject = _("Energy report approved: %(plant)s, %(year)s") % values
        text = _(
            "Your energy report for %(plant)s, %(year)s (revision %(revision)s) has been "
            "approved.\nReviewer's comments: %(comments)s"
        ) % values + _ratings(review)
    else:
        subject = _("Energy report returned: %(plant)s, %(year)s") % values
        text = (
            _(
                "Your energy report for %(plant)s, %(year)s (revision %(revision)s) has been "
                "returned for correction. It is a draft again: correct it and submit it "
                "again.\nReviewer's comments: %(comments)s"
            )
            % values
        )
    return subject, text


def decision_message(review) -> tuple[str, str]:
    """(subject, body) in Chinese, then English."""
    parts = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            parts.append(_texts(review))
    subject = f"{parts[0][0]} / {parts[1][0]}"
    body = f"{parts[0][1]}\n\n----\n\n{parts[1][1]}\n"
    return subject, body


def notify_submitter(review) -> None:
    submitter = review.report.submitted_by
    if submitter is None or not submitter.email:
        logger.info("review %s: submitter has no email address; no notice sent", review.pk)
        return
    subject, body = decision_message(review)

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [submitter.email])
        except Exception:
            logger.exception("review %s: notice to %s failed", review.pk, submitter.email)

    transaction.on_commit(send)
