"""The navigation each user sees: one group of links per role they hold (roles add up)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from factory_eval.organisations.access import Access, access_for


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool = False


def _items(access: Access, user) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    if access.is_manager or access.is_admin:
        items += [
            (_("My plants"), reverse("web:manager-home")),
            (_("Plants and reports"), reverse("reporting:plants")),
            (_("Spreadsheet upload"), reverse("reporting:uploads")),
        ]
    if access.is_reviewer or access.is_admin:
        items += [(_("Review queue"), reverse("reviews:queue"))]
    if access.is_officer or access.is_admin:
        items += [
            (_("Jurisdiction"), reverse("web:officer-home")),
            (_("Subsidy eligibility"), reverse("web:eligibility")),
        ]
    if access.is_officer or access.is_reviewer or access.is_admin:
        items += [(_("Benchmarks"), reverse("web:benchmarks"))]
    if access.is_admin:
        items += [(_("Overview"), reverse("web:admin-home"))]
    if user.is_staff:
        items += [(_("Administration"), reverse("admin:index"))]
    return items


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    path = request.path
    items = [(_("Verify a certificate"), reverse("certificates:verify-lookup"))]
    if user is not None and user.is_authenticated:
        items = _items(access_for(user), user) + items
    unique: dict[str, str] = {}
    for label, url in items:
        unique.setdefault(url, label)
    matching = [url for url in unique if path.startswith(url)]
    current = max(matching, key=len) if matching else None
    return {
        "nav_items": [NavItem(str(label), url, url == current) for url, label in unique.items()]
    }
