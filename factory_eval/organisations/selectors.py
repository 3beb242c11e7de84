"""Reads for organisations, filtered by what the user may see (``access``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from factory_eval.organisations.access import access_for
from factory_eval.organisations.models import Membership, Organisation


def visible_organisations(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(access_for(user).organisations_q())


def visible_memberships(user) -> QuerySet[Membership]:
    """Administrators see all memberships; everyone else their own."""
    access = access_for(user)
    if not access.authenticated:
        return Membership.objects.none()
    if access.is_admin:
        return Membership.objects.all()
    return Membership.objects.filter(Q(user_id=access.user_id))


def managed_organisations(user) -> QuerySet[Organisation]:
    """Organisations the user may write reports and uploads for (administrators: all)."""
    access = access_for(user)
    if access.is_admin:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=access.managed_organisation_ids)
