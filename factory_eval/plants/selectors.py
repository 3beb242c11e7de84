"""Reads for plants, filtered by what the user may see (``organisations.access``)."""

from __future__ import annotations

from django.db.models import QuerySet

from factory_eval.organisations.access import access_for
from factory_eval.plants.models import Plant


def visible_plants(user) -> QuerySet[Plant]:
    return Plant.objects.filter(access_for(user).plants_q()).select_related("organisation")
