"""Reads for reviews, filtered by what the user may see (``organisations.access``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from factory_eval.core.errors import NotAllowedError
from factory_eval.organisations.access import access_for
from factory_eval.reporting.models import EnergyReport
from factory_eval.reporting.selectors import visible_reports
from factory_eval.reviews.models import Review


def visible_reviews(user) -> QuerySet[Review]:
    return Review.objects.filter(access_for(user).reports_q("report")).select_related(
        "report", "report__plant", "reviewer"
    )


@dataclass
class QueueEntry:
    report: EnergyReport
    may_start: bool
    reason: str = ""


@dataclass
class ReviewQueue:
    """What a reviewer works on: computed reports waiting, and reviews still open."""

    waiting: list[QueueEntry] = field(default_factory=list)
    mine: list[Review] = field(default_factory=list)
    others: list[Review] = field(default_factory=list)


def review_queue(user) -> ReviewQueue:
    """Computed reports the user sees (each says whether this user may take it: four eyes),
    the user's own open reviews and everyone else's open reviews."""
    # Imported here: services may read these selectors, so a top-level import could loop.
    from factory_eval.reviews.services import ensure_may_review

    queue = ReviewQueue()
    for report in (
        visible_reports(user)
        .filter(status=EnergyReport.Status.COMPUTED)
        .order_by("submitted_at", "id")
    ):
        try:
            ensure_may_review(user, report)
        except NotAllowedError as refusal:
            queue.waiting.append(QueueEntry(report, False, refusal.message))
        else:
            queue.waiting.append(QueueEntry(report, True))
    for review in (
        visible_reviews(user).filter(decision=Review.Decision.PENDING).order_by("started_at", "id")
    ):
        (queue.mine if review.reviewer_id == user.pk else queue.others).append(review)
    return queue
