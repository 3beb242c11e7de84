"""Reads for reviews, filtered by what the user may see (``organisations.access``)."""

from __future__ import annotations

from django.db.models import QuerySet

from factory_eval.organisations.access import access_for
from factory_eval.reviews.models import Review


def visible_reviews(user) -> QuerySet[Review]:
    return Review.objects.filter(access_for(user).reports_q("report")).select_related(
        "report", "report__plant", "reviewer")
