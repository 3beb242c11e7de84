"""The certificate register of an officer's jurisdiction: every certificate with its status
today, filtered and exported. Subsidy eligibility (``views.eligibility``) rests on these."""

from __future__ import annotations

import pandas as pd
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from factory_eval.certificates.selectors import STATUS_LABELS, CertificateStatus
from factory_eval.core.exports import CONTENT_TYPES, table_bytes
from factory_eval.core.pages import login_required
from factory_eval.core.templatetags.ui import english
from factory_eval.organisations.access import access_for
from factory_eval.web import selectors


def _officer_or_admin(request: HttpRequest) -> None:
    access = access_for(request.user)
    if not (access.is_officer or access.is_admin):
        raise PermissionDenied


def _name(payload_part: dict, key: str = "name") -> str:
    return str(
        payload_part.get(f"{key}_en")
        if english() and payload_part.get(f"{key}_en")
        else payload_part.get(f"{key}_zh", "")
    )


def _register_frame(rows: list[selectors.CertificateRow]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
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
            }
            for row in rows
        ]
    )


@require_GET
@login_required
def certificate_register(request: HttpRequest) -> HttpResponse:
    _officer_or_admin(request)
    filters = {name: request.GET.get(name, "").strip() for name in selectors.ELIGIBILITY_FILTERS}
    rows = selectors.certificate_register(request.user, filters)
    export = request.GET.get("export", "")
    if export:
        if export not in CONTENT_TYPES:
            raise Http404
        response = HttpResponse(
            table_bytes(_register_frame(rows), export), content_type=CONTENT_TYPES[export]
        )
        stamp = timezone.localtime().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="certificates-{stamp}.{export}"'
        return response
    template = (
        "web/partials/register_table.html"
        if request.htmx and request.htmx.target == "register"
        else "web/certificate_register.html"
    )
    return render(
        request,
        template,
        {
            "rows": rows,
            "filters": filters,
            "choices": selectors.register_choices(request.user),
            "statuses": [
                (status.value, STATUS_LABELS[status])
                for status in CertificateStatus
                if status != CertificateStatus.UNKNOWN
            ],
            "jurisdictions": access_for(request.user).jurisdictions,
            "query": request.GET.urlencode(),
        },
    )
