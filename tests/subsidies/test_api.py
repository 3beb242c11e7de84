"""The subsidy API: jurisdiction, awards, programme versions, exports safe to open."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from tests.certificate_issuing import issue
from tests.roles import client_for

RECENTLY = timezone.now() - timedelta(days=30)
HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


@pytest.fixture
def plants(result_in, cast, programmes):
    """Changshu plants with certificates (hostile names), and one in Shanghai."""
    made = {}
    for index, name in enumerate(HOSTILE_NAMES):
        result = result_in(cast.org_a, f"JS-CS{index}", district="常熟", name_zh=name)
        made[f"JS-CS{index}"] = issue(result, issued_at=RECENTLY)
    made["SH-JD"] = issue(
        result_in(cast.org_b, "SH-JD", province_code="31", city="上海", district="嘉定"),
        issued_at=RECENTLY,
    )
    return made


def _award_body(certificate, **changes):
    body = {
        "programme": "changshu-near-zero",
        "plant": certificate.plant_id,
        "certificate": certificate.serial,
        "amount_cny": "300000.00",
        "decided_on": timezone.localdate().isoformat(),
        "reference": "常财〔2026〕9号",
    }
    body.update(changes)
    return body


def test_officer_lists_only_their_jurisdiction(plants, cast):
    inside = client_for(cast, "officer_in").get("/api/v1/subsidy-eligibility/", {"page_size": 500})
    assert inside.status_code == 200
    codes = {item["plant"]["code"] for item in inside.json()["results"]}
    assert codes == {f"JS-CS{index}" for index in range(4)}
    first = inside.json()["results"][0]
    assert first["eligible"][0]["programme"]["code"] == "changshu-near-zero"
    assert first["eligible"][0]["max_award_cny"] == "500000.00"
    assert first["eligible"][0]["provisional"] is True
    assert first["total_max_award_cny"] == "500000.00"
    outside = client_for(cast, "officer_out").get("/api/v1/subsidy-eligibility/")
    assert {item["plant"]["code"] for item in outside.json()["results"]} == {"SH-JD"}
    shanghai_plant = plants["SH-JD"].plant_id
    assert (
        client_for(cast, "officer_in")
        .get(f"/api/v1/subsidy-eligibility/{shanghai_plant}/")
        .status_code
        == 404
    )
    only_eligible = client_for(cast, "officer_out").get(
        "/api/v1/subsidy-eligibility/", {"eligible_only": "true"}
    )
    assert only_eligible.json()["count"] == 0


def test_reasons_in_chinese_by_default_and_english_on_request(plants, cast):
    plant = plants["SH-JD"].plant_id
    chinese = (
        client_for(cast, "officer_out", language="zh-hans")
        .get(f"/api/v1/subsidy-eligibility/{plant}/")
        .json()
    )
    english = (
        client_for(cast, "officer_out", language="en")
        .get(f"/api/v1/subsidy-eligibility/{plant}/")
        .json()
    )
    assert chinese["not_eligible"][0]["reasons"][0]["code"] == "no_accepted_recognition"
    assert english["not_eligible"][0]["reasons"][0]["message"].startswith(
        "no certificate of this service corresponds"
    )
    assert "没有" in chinese["not_eligible"][0]["reasons"][0]["message"]


def test_award_through_the_api_once(plants, cast):
    officer = client_for(cast, "officer_in")
    certificate = plants["JS-CS0"]
    created = officer.post("/api/v1/subsidy-awards/", _award_body(certificate), format="json")
    assert created.status_code == 201, created.content
    assert created.json()["certificate"] == certificate.serial
    assert created.json()["recorded_by"] == "officer_in"
    again = officer.post("/api/v1/subsidy-awards/", _award_body(certificate), format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "already_awarded"
    assert again.json()["message"].startswith("plant JS-CS0 has already been awarded")
    chinese = client_for(cast, "officer_in", language="zh-hans").post(
        "/api/v1/subsidy-awards/", _award_body(certificate), format="json"
    )
    assert chinese.json()["message"].startswith("工厂 JS-CS0 已按补贴政策")
    too_much = officer.post(
        "/api/v1/subsidy-awards/", _award_body(plants["JS-CS1"], amount_cny="600000"), format="json"
    )
    assert too_much.status_code == 400
    assert too_much.json()["problems"][0]["field"] == "amount_cny"
    assert "above the programme's maximum" in too_much.json()["problems"][0]["message"]
    listed = client_for(cast, "manager_a").get("/api/v1/subsidy-awards/").json()
    assert listed["count"] == 1 and listed["results"][0]["in_effect"] is True
    annulled = officer.post(
        f"/api/v1/subsidy-awards/{created.json()['id']}/annul/",
        {"reason": "wrong plant"},
        format="json",
    )
    assert annulled.status_code == 200 and annulled.json()["in_effect"] is False
    assert (
        client_for(cast, "officer_in")
        .get("/api/v1/subsidy-awards/", {"in_effect": "true"})
        .json()["count"]
        == 0
    )


def test_officer_cannot_award_outside_their_jurisdiction(plants, cast):
    response = client_for(cast, "officer_out").post(
        "/api/v1/subsidy-awards/", _award_body(plants["JS-CS0"]), format="json"
    )
    assert response.status_code == 400  # the plant is not one they can name
    assert response.json()["problems"][0]["field"] == "plant"
    manager = client_for(cast, "manager_a").post(
        "/api/v1/subsidy-awards/", _award_body(plants["JS-CS0"]), format="json"
    )
    assert manager.status_code == 403 and manager.json()["code"] == "not_an_award_recorder"


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_eligibility_export_defuses_formulas(plants, cast):
    client = client_for(cast, "officer_in", language="en")
    response = client.get("/api/v1/subsidy-eligibility/export/", {"file_format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="subsidy-')
    rows = _csv_rows(response)
    header, body = rows[0], rows[1:]
    names = [row[header.index("Plant")] for row in body]
    assert sorted(names) == sorted("'" + name for name in HOSTILE_NAMES)
    assert {row[header.index("Programme")] for row in body} == {"changshu-near-zero"}
    assert all(row[header.index("Status")] == "Eligible (provisional)" for row in body)
    workbook = openpyxl.load_workbook(
        io.BytesIO(
            client.get("/api/v1/subsidy-eligibility/export/", {"file_format": "xlsx"}).content
        )
    )
    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert {
        cell.value
        for cell in cells
        if isinstance(cell.value, str) and cell.value.lstrip("'") in HOSTILE_NAMES
    } == {"'" + n for n in HOSTILE_NAMES}
    everything = _csv_rows(
        client.get(
            "/api/v1/subsidy-eligibility/export/", {"file_format": "csv", "eligible_only": "false"}
        )
    )
    assert len(everything) - 1 > len(body)  # the programmes that do not apply, with why
    chinese = _csv_rows(
        client_for(cast, "officer_in", language="zh-hans").get(
            "/api/v1/subsidy-eligibility/export/", {"file_format": "csv"}
        )
    )
    assert "工厂" in chinese[0] and "最高补贴金额（元）" in chinese[0]


def test_awards_export_defuses_formulas(plants, cast):
    officer = client_for(cast, "officer_in", language="en")
    body = _award_body(plants["JS-CS2"], note="=1+1", reference="-REF")
    assert officer.post("/api/v1/subsidy-awards/", body, format="json").status_code == 201
    rows = _csv_rows(officer.get("/api/v1/subsidy-awards/export/", {"file_format": "csv"}))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Plant"] == "'" + HOSTILE_NAMES[2]
    assert record["Note"] == "'=1+1" and record["Reference number"] == "'-REF"
    assert record["Amount (CNY)"] == "300000.0"


def test_programmes_read_by_all_and_versioned_by_administrators(programmes, cast):
    listed = client_for(cast, "manager_b").get(
        "/api/v1/subsidy-programmes/", {"province_code": "32", "page_size": 50}
    )
    assert {item["code"] for item in listed.json()["results"]} == {
        "changzhou-2025-provincial-zero",
        "changzhou-2025-municipal-near-zero",
        "changshu-near-zero",
        "kunshan-2024-near-zero",
    }
    accepts = client_for(cast, "reviewer").get(
        "/api/v1/subsidy-programmes/", {"criteria": "suzhou-near-zero-2023"}
    )
    assert {item["code"] for item in accepts.json()["results"]} == {
        "changshu-near-zero",
        "kunshan-2024-near-zero",
    }
    body = {
        "code": "changshu-near-zero",
        "policy_name": "常熟市近零碳工厂奖励",
        "province": "32",
        "city": "苏州",
        "district": "常熟",
        "in_force_from": "2025-01-01",
        "recognition_required": "municipal near-zero",
        "max_award_cny": "600000",
        "source": "常熟市工信局通知",
        "confidence": "official",
        "accepted_recognitions": [
            {
                "criteria": "suzhou-near-zero-2023",
                "level": "near_zero",
                "confidence": "official",
                "note": "confirmed with the bureau",
            }
        ],
        "reason": "amount raised",
    }
    refused = client_for(cast, "officer_in").post(
        "/api/v1/subsidy-programmes/", body, format="json"
    )
    assert refused.status_code == 403 and refused.json()["code"] == "administrators_only"
    created = client_for(cast, "admin").post("/api/v1/subsidy-programmes/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["number"] == 2 and created.json()["provisional"] is False
    versions = (
        client_for(cast, "officer_in")
        .get("/api/v1/subsidy-programmes/changshu-near-zero/versions/")
        .json()
    )
    assert [item["max_award_cny"] for item in versions] == ["500000.00", "600000.00"]
    assert versions[0]["provisional"] is True
    unchanged = client_for(cast, "admin").post("/api/v1/subsidy-programmes/", body, format="json")
    assert unchanged.status_code == 200 and unchanged.json()["number"] == 2
