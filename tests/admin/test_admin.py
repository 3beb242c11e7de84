"""The Django admin, the administrators' tool: every page opens, facts are read only, and
what may be written here goes through the services (validated, audited)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin
from django.forms import MultiWidget
from django.urls import reverse

from factory_eval.audit.models import Event
from factory_eval.evaluation.models import (
    CriteriaSet,
    CriteriaVersion,
    Evaluation,
    GateConfirmation,
    ReportCriteria,
)
from factory_eval.organisations.models import Membership, Organisation
from factory_eval.plants.models import Plant
from factory_eval.reporting.models import EnergyReport, SpreadsheetUpload
from factory_eval.reviews.models import Review

READ_ONLY = (
    CriteriaSet,
    CriteriaVersion,
    Evaluation,
    GateConfirmation,
    ReportCriteria,
    Review,
    SpreadsheetUpload,
    Event,
)


@pytest.fixture
def staff(scenario, django_user_model, client):
    user = django_user_model.objects.create_superuser("root", "root@example.cn", "x" * 12)
    client.force_login(user)
    SpreadsheetUpload.objects.create(
        organisation=scenario.cast.org_a, original_name="a.csv", sha256="0" * 64
    )
    return client


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_project_model_is_registered_and_its_pages_open(staff):
    ours = [
        model
        for model in admin.site._registry
        if model.__module__.startswith("factory_eval.") or model._meta.model_name == "user"
    ]
    for model in (*READ_ONLY, EnergyReport, Membership):
        assert model in ours, model
    for model in ours:
        listing = staff.get(_url(model, "changelist"), {"q": "JS"})
        assert listing.status_code == 200, model
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            assert staff.get(_url(model, "change", first.pk)).status_code == 200, model


def test_facts_and_workflow_rows_are_read_only(staff, scenario):
    for model in READ_ONLY:
        assert staff.get(_url(model, "add")).status_code == 403, model
        row = model._default_manager.order_by("pk").first()
        response = staff.post(_url(model, "change", row.pk), {})
        assert response.status_code == 403, model
        assert staff.post(_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    approved = staff.post(
        _url(EnergyReport, "change", scenario.approved.pk), {"natural_gas_m3": "1"}
    )
    assert approved.status_code == 403
    assert EnergyReport.objects.get(pk=scenario.approved.pk).natural_gas_m3 == Decimal("6000000")


def _form_data(response) -> dict:
    """The POST body the change page would send unchanged (main form and every inline)."""

    def values(form, prefix=""):
        data = {}
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if callable(value):
                value = value()
            if value is None or value is False or field.disabled:
                continue
            if isinstance(field.widget, MultiWidget):  # split date and time
                for index, part in enumerate(field.widget.decompress(value)):
                    data[f"{prefix}{name}_{index}"] = part
                continue
            data[f"{prefix}{name}"] = getattr(value, "pk", value)
        return data

    data = values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update(
            {f"{formset.prefix}-{name}": value for name, value in management.initial.items()}
        )
        for form in formset.forms:
            data.update(values(form, f"{form.prefix}-"))
    return data


def test_a_draft_is_edited_through_the_services(staff, scenario):
    url = _url(EnergyReport, "change", scenario.draft.pk)
    data = _form_data(staff.get(url))
    data["natural_gas_m3"] = "5000000"
    data["steam-0-quantity"] = "25000"
    data["declared-TOTAL_FORMS"] = "1"
    data.update(
        {
            "declared-0-kind": "process",
            "declared-0-quantity_tco2e": "12.5",
            "declared-0-description": "焊接保护气",
        }
    )
    response = staff.post(url, data)
    assert response.status_code == 302, response.context and [
        form.errors for form in [response.context["adminform"].form]
    ]
    draft = EnergyReport.objects.get(pk=scenario.draft.pk)
    assert draft.natural_gas_m3 == Decimal("5000000")
    assert draft.steam.get().quantity == Decimal("25000")
    assert draft.declared.get().description == "焊接保护气"
    actions = set(
        Event.objects.filter(report_id=draft.pk, actor__username="root").values_list(
            "action", flat=True
        )
    )
    assert actions == {"reporting.report_updated", "reporting.line_updated", "reporting.line_added"}


def test_a_plant_is_edited_through_the_services(staff, scenario):
    url = _url(Plant, "change", scenario.plant_a.pk)
    data = _form_data(staff.get(url)) | {"city": "南京", "name_en": "Plant A"}
    assert staff.post(url, data).status_code == 302
    event = Event.objects.get(action="plants.updated", plant_id=scenario.plant_a.pk)
    assert (event.actor.username, event.before["city"], event.after["city"]) == (
        "root",
        "苏州",
        "南京",
    )
    assert staff.get(_url(Plant, "add")).status_code == 403


def test_memberships_are_written_through_the_services(staff, scenario):
    user = scenario.cast.user("manager_b")
    response = staff.post(
        _url(Membership, "add"),
        {"user": user.pk, "organisation": scenario.cast.org_a.pk, "role": "plant_manager"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=user, organisation=scenario.cast.org_a)
    created = Event.objects.get(
        action="organisations.membership_created", object_id=str(membership.pk)
    )
    assert created.actor.username == "root" and created.after["role"] == "plant_manager"
    staff.post(_url(Membership, "delete", membership.pk), {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Event.objects.filter(action="organisations.membership_deleted").exists()


def test_users_memberships_inline_and_organisations_are_audited(staff, scenario):
    user = scenario.cast.user("manager_b")
    url = reverse("admin:auth_user_change", args=[user.pk])
    data = _form_data(staff.get(url))
    prefix = next(key[: -len("-TOTAL_FORMS")] for key in data if key.endswith("-TOTAL_FORMS"))
    data[f"{prefix}-TOTAL_FORMS"] = str(int(data[f"{prefix}-TOTAL_FORMS"]) + 1)
    new = int(data[f"{prefix}-TOTAL_FORMS"]) - 1
    data.update(
        {
            f"{prefix}-{new}-organisation": scenario.cast.government.pk,
            f"{prefix}-{new}-role": "government_officer",
            f"{prefix}-{new}-province_code": "32",
            f"{prefix}-{new}-city": "南京",
            "email": "b@example.cn",
        }
    )
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert Membership.objects.filter(user=user, city="南京").exists()
    actions = list(Event.objects.filter(actor__username="root").values_list("action", flat=True))
    assert actions == ["organisations.user_updated", "organisations.membership_created"]
    updated = Event.objects.get(action="organisations.user_updated")
    assert updated.after["email"] == "b@example.cn"
    assert "password" not in updated.after

    added = staff.post(
        _url(Organisation, "add"), {"name_zh": "丙汽车有限公司", "kind": "enterprise"}
    )
    assert added.status_code == 302
    assert Event.objects.filter(
        action="organisations.created", actor__username="root", after__name_zh="丙汽车有限公司"
    ).exists()
