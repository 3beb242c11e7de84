"""Registering a plant on the page: the grid region is derived, the code unique, the
organisation one the user manages."""

from __future__ import annotations

from django.urls import reverse

from factory_eval.audit.models import Event
from factory_eval.plants.models import Plant
from tests.web.conftest import client_as


def _data(organisation, **changes):
    data = {
        "organisation": organisation.pk,
        "code": "NM-01",
        "name_zh": "示例呼伦贝尔工厂",
        "province": "15",
        "city": "呼伦贝尔",
        "plant_type": "parts",
        "output_unit": "套",
    }
    data.update(changes)
    return data


def test_manager_registers_a_plant_and_goes_on_to_its_report(pages_scenario):
    s = pages_scenario
    response = client_as(s.cast, "manager_a").post(reverse("plants:plant-new"), _data(s.cast.org_a))
    plant = Plant.objects.get(code="NM-01")
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:report-new") + f"?plant={plant.pk}"
    assert plant.organisation == s.cast.org_a and plant.province_code == "15"
    assert plant.grid_region_zh == "东北"  # eastern Inner Mongolia is in the Northeast grid
    assert Event.objects.filter(action="plants.created", plant_id=plant.pk).exists()


def test_refusals_name_the_field_and_write_nothing(pages_scenario):
    s = pages_scenario
    client = client_as(s.cast, "manager_a", language="en")
    duplicate = client.post(reverse("plants:plant-new"), _data(s.cast.org_a, code="JS-01"))
    assert duplicate.status_code == 400 and "already exists" in duplicate.content.decode()
    other = client.post(reverse("plants:plant-new"), _data(s.cast.org_b))
    assert other.status_code == 400  # organisation B is not one manager_a may choose
    assert not Plant.objects.filter(code="NM-01").exists()
    refused = client_as(s.cast, "officer_in").post(reverse("plants:plant-new"), _data(s.cast.org_a))
    assert refused.status_code == 403 and not Plant.objects.filter(code="NM-01").exists()
