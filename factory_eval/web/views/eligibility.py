"""Government officers' subsidy pages: who is eligible for what, awards, and their exports.

Eligibility and awards are the subsidies app's (``selectors.eligibility_list``,
``services.record_award`` / ``annul_award``); these views only read the filters, call them and
show the outcome. An officer sees and awards the plants of their jurisdiction only; the service
refuses a second award under a programme, so no plant is paid twice.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from factory_eval.certificates.models import Certificate
from factory_eval.core.api.downloads import table_response
from factory_eval.core.exports import CONTENT_TYPES
from factory_eval.core.pages import login_required, refusal, refusals_as_pages
from factory_eval.organisations.access import access_for
from factory_eval.plants.models import Plant
from factory_eval.subsidies import selectors, services
from factory_eval.subsidies.exports import awards_frame, eligibility_frame, export_stem
from factory_eval.subsidies.presentation import eligibility_as_dict

FILTERS = ("programme", "city", "district", "plant_type", "show")
PLANTS_PER_PAGE = 50


def _officer_or_admin(request: HttpRequest) -> None:
    access = access_for(request.user)
    if not (access.is_officer or access.is_admin):
        raise PermissionDenied


def _filters(request: HttpRequest) -> dict[str, str]:
    filters = {name: request.GET.get(name, "").strip() for name in FILTERS}
    filters["show"] = "all" if filters["show"] == "all" else "eligible"
    return filters


def _visible_plants(user):
    return Plant.objects.filter(access_for(user).plants_q())


def _rows(user, filters: dict[str, str]):
    plants = _visible_plants(user)
    for name, field in (("city", "city"), ("district", "district"), ("plant_type", "plant_type")):
        if filters[name]:
            plants = plants.filter(**{field: filters[name]})
    codes = [filters["programme"]] if filters["programme"] else None
    return selectors.eligibility_list(
        user, plants=plants, programme_codes=codes, eligible_only=filters["show"] == "eligible"
    )


def _choices(user) -> dict[str, list]:
    plants = _visible_plants(user).order_by()
    return {
        "programme": [
            (version.programme.code, version.policy_name)
            for version in selectors.current_versions()
        ],
        "city": sorted(set(plants.values_list("city", flat=True)) - {""}),
        "district": sorted(set(plants.values_list("district", flat=True)) - {""}),
        "plant_type": list(Plant.PlantType.choices),
    }


def _certificate_payloads(rows) -> dict[str, dict]:
    """The signed payloads of the certificates offered, by serial (criteria and level names)."""
    serials = [outcome.certificate.serial for row in rows for outcome in row.eligibility.eligible]
    return {
        serial: json.loads(payload)
        for serial, payload in Certificate.objects.filter(serial__in=serials).values_list(
            "serial", "payload_json"
        )
    }


@require_GET
@login_required
def eligibility(request: HttpRequest) -> HttpResponse:
    """Every plant of the jurisdiction with the programmes it may claim, the maximum amounts
    and the certificate each rests on; awards recorded here; the list exported."""
    _officer_or_admin(request)
    filters = _filters(request)
    rows = _rows(request.user, filters)
    export = request.GET.get("export", "")
    if export:
        if export not in CONTENT_TYPES:
            raise Http404
        frame = eligibility_frame(rows, include_not_eligible=filters["show"] == "all")
        return table_response(frame, export, export_stem("subsidy-eligibility"))
    awards = (
        selectors.visible_awards(request.user)
        .filter(annulled_at__isnull=True)
        .order_by("-decided_on", "-id")
    )
    page = Paginator(rows, PLANTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "plants": [{**eligibility_as_dict(row), "plant": row.plant} for row in page],
        "payloads": _certificate_payloads(page.object_list),
        "page": page,
        "plant_total": len(rows),
        "filters_query": urlencode({name: value for name, value in filters.items() if value}),
        "eligible_count": sum(len(row.eligibility.eligible) for row in rows),
        "filters": filters,
        "choices": _choices(request.user),
        "awards": awards,
        "query": request.GET.urlencode(),
        "today": timezone.localdate().isoformat(),
        "jurisdictions": access_for(request.user).jurisdictions,
    }
    template = (
        "web/partials/eligibility_list.html"
        if request.htmx and request.htmx.target == "eligibility-list"
        else "web/eligibility.html"
    )
    return render(request, template, context)


@require_GET
@login_required
def awards_export(request: HttpRequest) -> HttpResponse:
    """Every award of the jurisdiction, annulled ones included (with when and why)."""
    _officer_or_admin(request)
    export = request.GET.get("export", "xlsx")
    if export not in CONTENT_TYPES:
        raise Http404
    awards = selectors.visible_awards(request.user).order_by("decided_on", "id")
    return table_response(awards_frame(awards), export, export_stem("subsidy-awards"))


class AwardForm(forms.Form):
    plant = forms.IntegerField(widget=forms.HiddenInput)
    programme = forms.CharField(max_length=100, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    certificate = forms.CharField(max_length=64, widget=forms.HiddenInput)
    amount_cny = forms.DecimalField(
        label=gettext_lazy("Amount (CNY)"), max_digits=14, decimal_places=2
    )
    decided_on = forms.DateField(label=gettext_lazy("Decision date"))
    reference = forms.CharField(label=gettext_lazy("Reference number"), max_length=100)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=1000, required=False)


def _form_problems(form: forms.Form) -> list[str]:
    return [
        f"{form.fields[name].label or name}: {message}"
        for name, errors in form.errors.items()
        for message in errors
    ]


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the list the form was sent from (same filters), never to another site."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("web:eligibility")
    return redirect(target)


@require_POST
@login_required
@refusals_as_pages
def record_award(request: HttpRequest) -> HttpResponse:
    _officer_or_admin(request)
    form = AwardForm(request.POST)
    if not form.is_valid():
        return refusal(
            request, _("The input was refused; nothing was saved."), 400, _form_problems(form)
        )
    data = form.cleaned_data
    plant = get_object_or_404(_visible_plants(request.user), pk=data["plant"])
    award = services.record_award(
        programme=data["programme"],
        version_number=data["version"],
        plant=plant,
        certificate=data["certificate"],
        amount_cny=data["amount_cny"],
        decided_on=data["decided_on"],
        reference=data["reference"],
        note=data["note"],
        actor=request.user,
    )
    messages.success(
        request,
        _("Award %(reference)s recorded: %(programme)s, plant %(plant)s, %(amount)s CNY.")
        % {
            "reference": award.reference,
            "programme": award.programme.code,
            "plant": plant.code,
            "amount": f"{award.amount_cny:,.2f}",
        },
    )
    return _back(request)


@require_POST
@login_required
@refusals_as_pages
def annul_award(request: HttpRequest, pk: int) -> HttpResponse:
    _officer_or_admin(request)
    award = get_object_or_404(selectors.visible_awards(request.user), pk=pk)
    services.annul_award(award, reason=request.POST.get("reason", ""), actor=request.user)
    messages.success(
        request,
        _("Award %(reference)s annulled; the plant may be awarded again.")
        % {"reference": award.reference},
    )
    return _back(request)
