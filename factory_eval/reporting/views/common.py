"""Lookups every reporting page shares: the report (404 outside the user's view), the right to
write it (403 otherwise), and whether it is still a draft."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from factory_eval.organisations.access import ensure_manages
from factory_eval.reporting.models import EnergyReport
from factory_eval.reporting.selectors import visible_reports


def visible_report(request: HttpRequest, pk: int) -> EnergyReport:
    return get_object_or_404(visible_reports(request.user), pk=pk)


def writable_report(request: HttpRequest, pk: int) -> EnergyReport:
    """A report the user sees and may edit; the services check the same again."""
    report = visible_report(request, pk)
    ensure_manages(request.user, report.plant.organisation_id)
    return report
