"""Officers' pages: subsidy eligibility with award recording and exports, and benchmarks."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from factory_eval.accounting.services import compute_report
from factory_eval.audit.models import Event
from factory_eval.plants.models import Plant
from factory_eval.subsidies.models import Award
from factory_eval.subsidies.services import load_programmes
from tests.certificate_issuing import issue
from tests.factories import make_plant, make_report
from tests.web.conftest import client_as

KUNSHAN = "kunshan-2024-near-zero"


@pytest.fixture
def kunshan(pages_scenario, certificate_settings):
    """Programmes loaded, and a Kunshan plant of organisation A with a Suzhou near-zero
    certificate (eligible under the Kunshan programme, up to 1,000,000 CNY)."""
    load_programmes()
    plant = make_plant(pages_scenario.cast.org_a, code="JS-KS", district="昆山市")
    result, _created = compute_report(make_report(pages_scenario.cast.org_a, plant=plant))
    certificate = issue(result, issued_at=timezone.now() - timedelta(days=30))
    return pages_scenario, plant, certificate


def _csv(response) -> list[dict]:
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _award_form(plant, held, **changes) -> dict:
    form = {
        "plant": plant.pk,
        "programme": KUNSHAN,
        "version": 1,
        "certificate": held.serial,
        "amount_cny": "800000",
        "decided_on": timezone.localdate().isoformat(),
        "reference": "昆工信〔2026〕12号",
        "note": "",
        "next": reverse("web:eligibility"),
    }
    return form | changes


def test_officer_sees_eligible_programmes_amounts_and_certificates(kunshan):
    s, _plant, certificate = kunshan
    page = client_as(s.cast, "officer_in").get(reverse("web:eligibility")).content.decode()
    assert 'data-plant="JS-KS"' in page and f'data-programme="{KUNSHAN}"' in page
    assert "1,000,000" in page and certificate.serial in page
    assert 'id="eligibility-provisional"' in page  # the recognition map is a reading
    assert 'data-plant="JS-01"' not in page  # holds no certificate a programme accepts
    every = (
        client_as(s.cast, "officer_in")
        .get(reverse("web:eligibility"), {"show": "all"})
        .content.decode()
    )
    assert 'data-plant="JS-01"' in every and 'data-eligible="false"' in every
    outside = client_as(s.cast, "officer_out").get(reverse("web:eligibility")).content.decode()
    assert "JS-KS" not in outside and certificate.serial not in outside


def test_filters_narrow_the_list_and_htmx_gets_the_list_alone(kunshan):
    s, _plant, _certificate = kunshan
    client = client_as(s.cast, "officer_in")
    other = client.get(
        reverse("web:eligibility"), {"programme": "changshu-near-zero"}
    ).content.decode()
    assert "JS-KS" not in other
    assert (
        "JS-KS" not in client.get(reverse("web:eligibility"), {"district": "常熟"}).content.decode()
    )
    fragment = client.get(
        reverse("web:eligibility"),
        {"district": "昆山市"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="eligibility-list",
    )
    html = fragment.content.decode()
    assert html.startswith('<section class="card" id="eligibility-list"') and "JS-KS" in html


def test_award_is_recorded_once_and_the_plant_is_no_longer_eligible(kunshan):
    s, plant, certificate = kunshan
    client = client_as(s.cast, "officer_in")
    response = client.post(reverse("web:record-award"), _award_form(plant, certificate))
    assert response.status_code == 302 and response["Location"] == reverse("web:eligibility")
    award = Award.objects.get()
    assert (award.plant, award.certificate, award.amount_cny) == (plant, certificate, 800000)
    assert award.recorded_by == s.cast.user("officer_in")
    assert Event.objects.filter(action="subsidies.award_recorded", object_id=str(award.pk)).exists()
    page = client.get(reverse("web:eligibility")).content.decode()
    assert f'data-award="{KUNSHAN}|JS-KS"' in page and 'data-plant="JS-KS"' not in page
    again = client.post(reverse("web:record-award"), _award_form(plant, certificate))
    assert again.status_code == 409 and "昆工信〔2026〕12号" in again.content.decode()
    assert Award.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"amount_cny": "1000000.01"}, "1000000"),
        ({"reference": ""}, "文号"),
        ({"decided_on": "2999-01-01"}, "2999-01-01"),
        ({"certificate": "ZC-0000-0000"}, "ZC-0000-0000"),
    ],
)
def test_a_refused_award_says_why_and_writes_nothing(kunshan, changes, words):
    s, plant, certificate = kunshan
    response = client_as(s.cast, "officer_in").post(
        reverse("web:record-award"), _award_form(plant, certificate, **changes)
    )
    assert response.status_code == 400 and words in response.content.decode()
    assert not Award.objects.exists()


def test_officers_award_only_their_jurisdiction(kunshan):
    s, plant, certificate = kunshan
    for role, status in (("officer_out", 404), ("manager_a", 403), ("reviewer", 403)):
        response = client_as(s.cast, role).post(
            reverse("web:record-award"), _award_form(plant, certificate)
        )
        assert response.status_code == status, role
    assert (
        client_as(s.cast, "anonymous")
        .post(reverse("web:record-award"), _award_form(plant, certificate))
        .status_code
        == 302
    )
    assert not Award.objects.exists()


def test_annulled_award_frees_the_plant_and_the_redirect_stays_on_site(kunshan):
    s, plant, certificate = kunshan
    client = client_as(s.cast, "officer_in")
    client.post(reverse("web:record-award"), _award_form(plant, certificate))
    award = Award.objects.get()
    assert (
        client_as(s.cast, "officer_out")
        .post(reverse("web:annul-award", args=[award.pk]), {"reason": "x"})
        .status_code
        == 404
    )
    assert (
        client.post(reverse("web:annul-award", args=[award.pk]), {"reason": ""}).status_code == 400
    )
    response = client.post(
        reverse("web:annul-award", args=[award.pk]),
        {"reason": "文号录错", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("web:eligibility")
    award.refresh_from_db()
    assert award.annulled_at is not None and award.annul_reason == "文号录错"
    assert 'data-plant="JS-KS"' in client.get(reverse("web:eligibility")).content.decode()


def test_exports_list_eligibility_and_awards_safely(kunshan):
    s, plant, certificate = kunshan
    Plant.objects.filter(pk=plant.pk).update(name_zh='=HYPERLINK("http://x")')
    client = client_as(s.cast, "officer_in", language="en")
    rows = _csv(client.get(reverse("web:eligibility"), {"export": "csv"}))
    assert [(row["Plant code"], row["Programme"], row["Certificate"]) for row in rows] == [
        ("JS-KS", KUNSHAN, certificate.serial)
    ]
    assert float(rows[0]["Maximum award (CNY)"]) == 1_000_000
    assert rows[0]["Plant"].startswith("'=")
    every = _csv(client.get(reverse("web:eligibility"), {"export": "csv", "show": "all"}))
    assert {"Eligible", "Not eligible"} <= {row["Status"].split(" (")[0] for row in every}
    assert client.get(reverse("web:eligibility"), {"export": "xlsx"}).content[:2] == b"PK"
    assert client.get(reverse("web:eligibility"), {"export": "exe"}).status_code == 404
    client.post(reverse("web:record-award"), _award_form(plant, certificate))
    awards = _csv(client.get(reverse("web:awards-export"), {"export": "csv"}))
    assert [(row["Programme"], row["Amount (CNY)"]) for row in awards] == [(KUNSHAN, "800000.0")]
    outside = _csv(
        client_as(s.cast, "officer_out", language="en").get(
            reverse("web:awards-export"), {"export": "csv"}
        )
    )
    assert outside == []


def test_benchmarks_show_groups_percentiles_and_charts(pages_scenario):
    s = pages_scenario
    client = client_as(s.cast, "officer_in")
    page = client.get(reverse("web:benchmarks")).content.decode()
    for chart in ("intensity", "share", "distribution-intensity", "distribution-share"):
        assert f'data-chart="benchmark-{chart}"' in page
    # One approved plant-year in Jiangsu: the group's median is its own figure, 50th percentile.
    group = "2022|vehicle|辆|province|32"
    assert f'data-group="{group}"' in page and "江苏" in page
    assert 'data-plant="JS-01"' in page
    intensity = s.result.intensity_total
    assert f"{intensity:,.1f}" in page and f"{intensity:,.2f}" in page
    drill = client.get(reverse("web:benchmarks"), {"group": group}).content.decode()
    assert 'data-chart="benchmark-group-plants"' in drill
    regions = client.get(reverse("web:benchmarks"), {"dimension": "grid_region"}).content
    assert "华东".encode() in regions


def test_benchmarks_withhold_groups_that_would_reveal_a_hidden_plant(pages_scenario):
    s = pages_scenario
    page = client_as(s.cast, "officer_out").get(reverse("web:benchmarks")).content.decode()
    assert "JS-01" not in page and 'data-chart="benchmark-intensity"' not in page
    # The Jiangsu group holds one plant officer_out may not see: withheld, and said so.
    national = (
        client_as(s.cast, "officer_out")
        .get(reverse("web:benchmarks"), {"dimension": "national"})
        .content.decode()
    )
    assert 'id="withheld"' in national and "JS-01" not in national


def test_benchmark_exports_carry_the_page_figures(pages_scenario):
    s = pages_scenario
    client = client_as(s.cast, "reviewer", language="en")
    groups = _csv(client.get(reverse("web:benchmarks"), {"export": "groups.csv"}))
    intensity = [row for row in groups if row["Figure"].startswith("Per-unit intensity")]
    assert len(intensity) == 1 and intensity[0]["Group name"] == "Jiangsu"
    assert float(intensity[0]["Median"]) == pytest.approx(s.result.intensity_total)
    plants = _csv(client.get(reverse("web:benchmarks"), {"export": "plants.csv"}))
    assert {row["Plant code"] for row in plants} == {"JS-01"}
    assert client.get(reverse("web:benchmarks"), {"export": "groups.exe"}).status_code == 404
    hidden = _csv(
        client_as(s.cast, "officer_out", language="en").get(
            reverse("web:benchmarks"), {"export": "plants.csv"}
        )
    )
    assert hidden == []


def test_long_lists_come_in_pages_that_keep_the_filters(kunshan):
    s, _plant, _certificate = kunshan
    for number in range(50):
        make_plant(s.cast.org_b, code=f"JS-P{number:02d}")
    client = client_as(s.cast, "officer_in")
    first = client.get(reverse("web:eligibility"), {"show": "all"}).content.decode()
    assert first.count('<article class="eligibility-plant"') == 50
    assert "52 家工厂" in first and "show=all&amp;page=2" in first
    second = client.get(reverse("web:eligibility"), {"show": "all", "page": 2}).content.decode()
    assert second.count('<article class="eligibility-plant"') == 2
