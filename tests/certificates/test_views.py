"""Public verification page and API by serial (no login), and the published keys."""

from __future__ import annotations

import pytest
from django.urls import reverse

from factory_eval.accounting.services import compute_report
from factory_eval.certificates import services, signing
from factory_eval.certificates.payloads import LevelRef
from tests.certificates.samples import ISSUED_AT, RARE_NAME, sample_inputs
from tests.factories import make_plant, make_report


@pytest.fixture
def certificate(editions, organisation):
    plant = make_plant(organisation, name_zh=RARE_NAME)
    result, _ = compute_report(make_report(organisation, plant=plant))
    return services.issue_certificate(sample_inputs(result.pk), issued_at=ISSUED_AT)


def page(client, serial, language="zh-hans"):
    return client.get(reverse("certificates:verify", args=[serial]), HTTP_ACCEPT_LANGUAGE=language)


def test_valid_certificate_page_shows_status_and_signed_figures(client, certificate):
    response = page(client, certificate.serial)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="valid"' in html and "有效" in html
    assert RARE_NAME in html and "I型 五星" in html and "219.338" in html
    assert certificate.payload_sha256 in html and certificate.pdf_sha256 in html


def test_lookup_form_redirects_to_the_serial(client, certificate):
    response = client.get(
        reverse("certificates:verify-lookup"), {"serial": f" {certificate.serial.lower()} "}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", args=[certificate.serial])


def test_revoked_status_shows_with_its_reason(client, certificate):
    services.revoke_certificate(certificate, reason="证据不实")
    html = page(client, certificate.serial).content.decode()
    assert 'data-status="revoked"' in html and "已撤销" in html and "证据不实" in html
    english = page(client, certificate.serial, "en").content.decode()
    assert "Revoked" in english and "Signed certificate data" in english


def test_superseded_status_links_the_replacement(client, certificate):
    replacement = services.supersede_certificate(
        certificate,
        sample_inputs(
            certificate.result_id, level=LevelRef("type1-4-star", "I型 四星", "Type I, 4 stars")
        ),
        reason="复核更正",
    )
    html = page(client, certificate.serial).content.decode()
    assert 'data-status="superseded"' in html and "已被取代" in html
    assert reverse("certificates:verify", args=[replacement.serial]) in html


def test_unknown_serial_is_a_404_that_says_so(client, db):
    response = page(client, "ZC2022-AAAA-BBBB-CCCC")
    assert response.status_code == 404
    assert 'data-status="unknown"' in response.content.decode()


def test_api_by_serial_without_login(client, certificate):
    response = client.get(
        reverse("certificates:api-verify", args=[certificate.serial]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid" and body["status_label"] == "Valid"
    assert body["payload"] == certificate.payload and body["signature"] == certificate.signature
    public_key = signing.trusted_public_keys()[body["key_id"]]
    assert signing.verify_payload(body["payload"], body["signature"], public_key)
    services.revoke_certificate(certificate, reason="withdrawn")
    body = client.get(reverse("certificates:api-verify", args=[certificate.serial])).json()
    assert body["status"] == "revoked" and body["status_change"]["reason"] == "withdrawn"
    assert body["status_label"] == "已撤销"
    missing = client.get(reverse("certificates:api-verify", args=["ZC2022-NOPE"]))
    assert missing.status_code == 404 and missing.json()["status"] == "unknown"


def test_public_keys_as_json_and_pem(client, db):
    current = signing.load_signing_key()
    keys = client.get(reverse("certificates:api-keys")).json()
    assert keys["keys"][0]["key_id"] == current.key_id and keys["keys"][0]["current"]
    pem = client.get(reverse("certificates:keys-pem")).content.decode()
    assert current.key_id in pem and "BEGIN PUBLIC KEY" in pem and "PRIVATE" not in pem
