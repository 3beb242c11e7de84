"""One error format everywhere, in Chinese by default and English on request."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_plant
from tests.roles import client_for


def _problem_fields(response) -> set:
    return {problem["field"] for problem in response.json()["problems"]}


def test_not_found_in_both_languages(cast):
    zh = client_for(cast, "manager_a", "zh-hans").get("/api/v1/reports/999999/")
    en = client_for(cast, "manager_a", "en").get("/api/v1/reports/999999/")
    for response in (zh, en):
        body = response.json()
        assert response.status_code == body["status"] == 404
        assert body["code"] == "not_found"
        assert body["problems"][0]["code"] == "not_found"
        assert body["request_id"] == response["X-Request-ID"]
    assert zh.json()["message"] == "未找到。"
    assert en.json()["message"] == "Not found."


def test_validation_errors_name_nested_fields(cast, editions):
    plant = make_plant(cast.org_a)
    response = client_for(cast, "manager_a", "en").post(
        "/api/v1/reports/",
        {
            "plant": plant.pk,
            "year": 2022,
            "output_quantity": "-5",
            "instruments": [
                {"instrument": "green_trade", "quantity": "1", "vintage_year": 2022},
                {"instrument": "bogus", "quantity": "1", "vintage_year": 2022},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert {"output_quantity", "instruments.1.instrument"} <= _problem_fields(response)
    codes = {problem["field"]: problem["code"] for problem in body["problems"]}
    assert codes["instruments.1.instrument"] == "invalid_choice"


def test_service_problems_in_chinese_and_english(cast, editions):
    plant = make_plant(cast.org_a)
    client = client_for(cast, "manager_a", "zh-hans")
    report = client.post(
        "/api/v1/reports/", {"plant": plant.pk, "year": 2022, "output_quantity": "1"}, format="json"
    ).json()
    fake = b"MZ\x90\x00 definitely not a pdf"
    for language, expected in (
        ("zh-hans", "文件类型不受支持"),
        ("en", "unsupported or mislabelled"),
    ):
        response = client_for(cast, "manager_a", language).post(
            f"/api/v1/reports/{report['id']}/evidence/",
            {"file": SimpleUploadedFile("bill.pdf", fake, "application/pdf")},
            format="multipart",
        )
        assert response.status_code == 400
        problem = response.json()["problems"][0]
        assert (problem["code"], problem["field"]) == ("evidence_type", "file")
        assert expected in problem["message"]
    # a PNG called .pdf is refused too: the name must match the content
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    response = client.post(
        f"/api/v1/reports/{report['id']}/evidence/",
        {"file": SimpleUploadedFile("bill.pdf", png, "application/pdf")},
        format="multipart",
    )
    assert response.json()["problems"][0]["code"] == "evidence_type"
    duplicate = client.post(
        "/api/v1/reports/", {"plant": plant.pk, "year": 2022, "output_quantity": "1"}, format="json"
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["problems"][0]["code"] == "report_exists"
    assert "已有 2022 年度报告" in duplicate.json()["problems"][0]["message"]


def test_evidence_size_limit(cast, editions, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    plant = make_plant(cast.org_a)
    client = client_for(cast, "manager_a", "en")
    report = client.post(
        "/api/v1/reports/", {"plant": plant.pk, "year": 2022, "output_quantity": "1"}, format="json"
    ).json()
    big = b"%PDF-1.4\n" + b"0" * 200
    response = client.post(
        f"/api/v1/reports/{report['id']}/evidence/",
        {"file": SimpleUploadedFile("big.pdf", big)},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["problems"][0]["code"] == "evidence_too_large"


def test_conflict_and_forbidden_codes(scenario):
    zh = client_for(scenario.cast, "manager_a", "zh-hans").patch(
        f"/api/v1/reports/{scenario.approved.pk}/", {"coal_t": "1"}, format="json"
    )
    assert zh.status_code == 409
    assert zh.json()["code"] == "not_editable"
    assert "只有草稿可以修改" in zh.json()["message"]
    en = client_for(scenario.cast, "reviewer_a", "en").post(
        "/api/v1/reviews/", {"report": scenario.computed.pk}, format="json"
    )
    assert en.status_code == 403
    assert en.json()["code"] == "own_organisation"
    assert "four eyes" in en.json()["message"]
    officer = client_for(scenario.cast, "officer_in", "zh-hans").post(
        "/api/v1/plants/", {}, format="json"
    )
    assert officer.status_code == 403
    assert officer.json()["code"] == "read_only"
    assert officer.json()["message"] == "您的角色仅有只读权限"


def test_throttled_login_uses_the_format(cast, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "login": "2/min"}
    ScopedRateThrottle.THROTTLE_RATES = rates
    try:
        client = client_for(cast, "anonymous", "en")
        for _ in range(2):
            client.post("/api/v1/auth/token/", {"username": "x", "password": "y"})
        response = client.post("/api/v1/auth/token/", {"username": "x", "password": "y"})
    finally:
        ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert "Retry-After" in response


def test_unknown_api_url_is_json(cast, settings, client):
    settings.DEBUG = False
    response = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_numbers_beyond_the_database_range_are_a_400(cast):
    """A filter id beyond 64 bits overflowed SQLite's integer (500 in the embedded default)."""
    response = client_for(cast, "manager_a", "en").get(f"/api/v1/reviews/?plant={2**70}")
    assert response.status_code in (200, 400)  # PostgreSQL finds nothing; SQLite refuses
    if response.status_code == 400:
        assert response.json()["problems"][0]["code"] == "out_of_range"
