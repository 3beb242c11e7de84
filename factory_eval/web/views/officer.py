"""Government officers' pages: the certificate register eligibility rests on, with filters and
export, and benchmark charts. Shells for what issue 6 adds (programmes, awards, statistics).

Eligibility (issue 6) is: the plant lies in the programme's jurisdiction, holds a valid
certificate at the required level, and was not awarded under the programme yet. Until the
subsidies app lands, the page lists the valid certificates in the officer's jurisdiction (the
evidence every eligibility rests on) and says plainly that programmes and awards are not here
yet. Plug point: replace ``selectors.certificate_register`` by the subsidies app's eligibility
selector and fill the programme and award columns; keep the filters, export and tests.
"""

from __future__ import annotations

import pandas as pd
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from factory_eval.accounting.presentation import CHART_FONT_CSS, SOURCE_LABELS, svg_data_uri
from factory_eval.certificates.selectors import STATUS_LABELS, CertificateStatus
from factory_eval.core import charts
from factory_eval.core.exports import CONTENT_TYPES, table_bytes
from factory_eval.core.pages import login_required
from factory_eval.core.templatetags.ui import english
from factory_eval.organisations.access import access_for
from factory_eval.plants.models import Plant
from factory_eval.web import selectors

BENCHMARK_BARS = 30  # a page of bars stays readable; the table below lists them all


def _officer_or_admin(request: HttpRequest) -> None:
    access = access_for(request.user)
    if not (access.is_officer or access.is_admin):
        raise PermissionDenied


def _name(payload_part: dict, key: str = "name") -> str:
    return str(payload_part.get(f"{key}_en") if english() and payload_part.get(f"{key}_en")
               else payload_part.get(f"{key}_zh", ""))


def _register_frame(rows: list[selectors.CertificateRow]) -> pd.DataFrame:
    return pd.DataFrame([{
        _("Plant code"): row.certificate.plant.code,
        _("Plant"): row.certificate.plant.name_zh,
        _("Organisation"): row.certificate.plant.organisation.name_zh,
        _("Province"): row.payload["plant"].get("province_zh", ""),
        _("City"): row.certificate.plant.city,
        _("District"): row.certificate.plant.district,
        _("Reporting year"): row.certificate.reporting_year,
        _("Criteria set"): row.certificate.criteria_slug,
        _("Level"): _name(row.payload.get("level", {})),
        _("Serial number"): row.certificate.serial,
        _("Status"): str(STATUS_LABELS[CertificateStatus(row.status)]),
        _("Valid until"): row.certificate.valid_until.isoformat(),
    } for row in rows])


@require_GET
@login_required
def eligibility(request: HttpRequest) -> HttpResponse:
    _officer_or_admin(request)
    filters = {name: request.GET.get(name, "").strip() for name in selectors.ELIGIBILITY_FILTERS}
    rows = selectors.certificate_register(request.user, filters)
    export = request.GET.get("export", "")
    if export:
        if export not in CONTENT_TYPES:
            raise Http404
        response = HttpResponse(table_bytes(_register_frame(rows), export),
                                content_type=CONTENT_TYPES[export])
        stamp = timezone.localtime().strftime("%Y%m%d")
        response["Content-Disposition"] = (f'attachment; filename="certificates-{stamp}.'
                                           f'{export}"')
        return response
    template = ("web/partials/register_table.html" if request.htmx
                and request.htmx.target == "register" else "web/eligibility.html")
    return render(request, template, {
        "rows": rows, "filters": filters, "choices": selectors.register_choices(request.user),
        "statuses": [(status.value, STATUS_LABELS[status]) for status in CertificateStatus
                     if status != CertificateStatus.UNKNOWN],
        "jurisdictions": access_for(request.user).jurisdictions,
        "query": request.GET.urlencode(),
    })


@require_GET
@login_required
def benchmarks(request: HttpRequest) -> HttpResponse:
    """Approved results the user sees, as the industry-report charts (per-unit intensity by
    source, clean-power share). Statistics by region, province and year come with issue 6."""
    access = access_for(request.user)
    if not (access.is_officer or access.is_reviewer or access.is_admin):
        raise PermissionDenied
    year = request.GET.get("year", "")
    plant_type = request.GET.get("plant_type", "")
    results = selectors.approved_results(request.user, int(year) if year.isdigit() else None,
                                         plant_type or None)
    shown = results[:BENCHMARK_BARS]
    labels = [f"{item.report.plant.code} {item.report.year}" for item in shown]
    series = charts.source_series({key: str(label) for key, label in SOURCE_LABELS.items()})
    intensity_chart = share_chart = ""
    if shown:
        intensity_chart = svg_data_uri(charts.stacked_bars_svg(
            [(label, item.document["intensity_kgco2e_per_unit"])
             for label, item in zip(labels, shown, strict=True)], series,
            unit="kgCO₂e", show_legend=True, font_family_css=CHART_FONT_CSS,
            salt="benchmark-intensity"))
        share_chart = svg_data_uri(charts.share_bars_svg(
            [(label, item.clean_power_share) for label, item in zip(labels, shown, strict=True)],
            font_family_css=CHART_FONT_CSS, salt="benchmark-share"))
    return render(request, "web/benchmarks.html", {
        "results": results, "shown": len(shown), "intensity_chart": intensity_chart,
        "share_chart": share_chart, "year": year, "plant_type": plant_type,
        "plant_types": Plant.PlantType.choices,
        "legend": [{"label": str(label), "colour": charts.SOURCE_COLOURS[key]}
                   for key, label in SOURCE_LABELS.items()]})
