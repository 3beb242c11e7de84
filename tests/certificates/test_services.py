"""Issuing, idempotency, revocation, supersession and status, on the database."""

from __future__ import annotations

import stat
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from factory_eval.accounting.services import compute_report
from factory_eval.audit.models import Event
from factory_eval.certificates import services, tasks
from factory_eval.certificates.models import Certificate, CertificateStatusChange
from factory_eval.certificates.payloads import LevelRef
from factory_eval.certificates.selectors import (
    CertificateStatus,
    certificate_status,
    valid_certificates,
)
from factory_eval.certificates.signing import (
    canonical_json,
    load_signing_key,
    sha256_hex,
    trusted_public_keys,
)
from factory_eval.certificates.verification import verify_pdf
from factory_eval.core.models import ImmutableRowError
from factory_eval.core.problems import ProblemsError
from tests.certificates.samples import ISSUED_AT, RARE_NAME, sample_inputs
from tests.factories import make_plant, make_report


@pytest.fixture
def result(editions, organisation):
    plant = make_plant(organisation, name_zh=RARE_NAME, name_en="Example Motors Suzhou")
    accounting_result, _ = compute_report(make_report(organisation, plant=plant))
    return accounting_result


@pytest.fixture
def certificate(result):
    return services.issue_certificate(sample_inputs(result.pk), issued_at=ISSUED_AT)


def test_issue_signs_renders_and_stores(certificate, result):
    payload = certificate.payload
    assert certificate.serial == payload["serial"] and certificate.serial.startswith("ZC2022-")
    assert payload["plant"]["name_zh"] == RARE_NAME
    assert payload["plant"]["province_zh"] == "江苏"
    assert payload["figures"]["intensity_kgco2e_per_unit"]["total"] == 219.338  # DOMAIN.md
    assert payload["figures"]["emissions_tco2e"]["scope2_market"] == 28694.4
    assert payload["level"]["name_zh"] == "I型 五星"
    assert payload["references"]["accounting_result_id"] == result.pk
    assert payload["verification_url"] == (
        f"https://verify.example.cn/verify/{certificate.serial}/"
    )
    assert {item["kind"] for item in payload["provisional"]} == {"factor", "criteria_parameter"}
    assert certificate.provisional
    assert certificate.payload_sha256 == sha256_hex(canonical_json(payload))
    assert certificate.payload_json.encode() == canonical_json(payload)
    pdf = certificate.pdf.read()
    assert certificate.pdf_sha256 == sha256_hex(pdf)
    assert verify_pdf(pdf, trusted_public_keys()).genuine
    assert certificate.valid_until == date(2027, 5, 20)
    event = Event.objects.get(action="certificates.issued")
    assert event.object_id == str(certificate.pk) and event.after["serial"] == certificate.serial
    assert event.report_id == result.report_id and event.plant_id == certificate.plant_id


def test_issuing_the_same_inputs_again_returns_the_same_certificate(certificate, result):
    again = services.issue_certificate(sample_inputs(result.pk))  # later, same inputs
    assert again.pk == certificate.pk
    task_id = tasks.issue_certificate.delay(sample_inputs(result.pk).as_dict()).get()
    assert task_id == certificate.pk
    assert Certificate.objects.count() == 1
    assert Event.objects.filter(action="certificates.issued").count() == 1


def test_inputs_round_trip_through_the_task_format(result):
    inputs = sample_inputs(result.pk, valid_until=date(2027, 1, 31), evaluation_id=7, review_id=9)
    assert type(inputs).from_dict(inputs.as_dict()) == inputs
    assert type(inputs).from_dict(inputs.as_dict()).fingerprint() == inputs.fingerprint()


def test_certificates_are_immutable(certificate):
    certificate.level_code = "six-star"
    with pytest.raises(ImmutableRowError):
        certificate.save()
    with pytest.raises(ImmutableRowError):
        Certificate.objects.filter(pk=certificate.pk).update(level_code="x")


def test_unknown_result_and_inverted_validity_are_refused(result):
    with pytest.raises(ProblemsError) as error:
        services.issue_certificate(sample_inputs(result.pk + 999))
    assert error.value.problems[0].code == "result_not_found"
    with pytest.raises(ProblemsError) as error:
        services.issue_certificate(
            sample_inputs(result.pk, valid_until=date(2020, 1, 1)), issued_at=ISSUED_AT
        )
    assert error.value.problems[0].field == "valid_until"
    assert Certificate.objects.count() == 0


def test_status_valid_expired_unknown(certificate):
    assert certificate_status(certificate.serial, today=date(2026, 6, 1)) == "valid"
    assert certificate_status(certificate.serial.lower(), today=date(2027, 5, 20)) == "valid"
    assert certificate_status(certificate.serial, today=date(2027, 5, 21)) == "expired"
    assert certificate_status("ZC2022-AAAA-BBBB-CCCC") == CertificateStatus.UNKNOWN
    assert list(valid_certificates(today=date(2026, 6, 1))) == [certificate]
    assert list(valid_certificates(today=date(2027, 6, 1))) == []


def test_revocation_is_a_row_with_reason_and_an_audit_event(certificate, django_user_model):
    officer = django_user_model.objects.create_user("officer", password="x" * 12)
    with pytest.raises(ProblemsError):
        services.revoke_certificate(certificate, reason="  ", actor=officer)
    change = services.revoke_certificate(
        certificate, reason="证据造假 forged evidence", actor=officer
    )
    assert change.status == "revoked" and change.actor == officer
    assert certificate_status(certificate.serial) == "revoked"
    event = Event.objects.get(action="certificates.revoked")
    assert event.actor == officer and event.before == {"status": "valid"}
    assert event.after["reason"] == "证据造假 forged evidence"
    with pytest.raises(ProblemsError) as error:
        services.revoke_certificate(certificate, reason="again")
    assert error.value.problems[0].code == "certificate_withdrawn"
    with pytest.raises(ImmutableRowError):
        change.delete()


def test_supersession_issues_the_replacement_and_links_it(certificate, result):
    replacement_inputs = sample_inputs(
        result.pk, level=LevelRef("type1-4-star", "I型 四星", "Type I, four stars")
    )
    replacement = services.supersede_certificate(
        certificate,
        replacement_inputs,
        reason="level corrected on review",
        issued_at=ISSUED_AT + timedelta(days=3),
    )
    assert replacement.serial != certificate.serial
    assert certificate_status(certificate.serial) == "superseded"
    assert certificate_status(replacement.serial) == "valid"
    change = CertificateStatusChange.objects.get(certificate=certificate)
    assert change.replacement == replacement and change.reason == "level corrected on review"
    assert Event.objects.filter(action="certificates.superseded").count() == 1
    with pytest.raises(ProblemsError):  # superseded is final
        services.revoke_certificate(certificate, reason="x")


def test_supersession_needs_new_inputs_for_the_same_plant_and_year(
    certificate, result, organisation
):
    with pytest.raises(ProblemsError) as error:
        services.supersede_certificate(certificate, sample_inputs(result.pk), reason="again")
    assert error.value.problems[0].code == "certificate_same_inputs"
    other, _ = compute_report(make_report(organisation, code="ZJ-09", year=2022))
    with pytest.raises(ProblemsError) as error:
        services.supersede_certificate(certificate, sample_inputs(other.pk), reason="mix-up")
    assert error.value.problems[0].code == "certificate_other_plant_year"
    assert "ZJ-09 2022" in error.value.problems[0].message
    assert Certificate.objects.count() == 1


def _verify_exit_code(path, *options) -> int:
    try:
        call_command("verify_certificate", str(path), *options)
    except SystemExit as exit_info:
        return exit_info.code
    return 0


def test_verify_command_with_status_checks_this_installation(
    certificate, rendered_sample, tmp_path
):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificate.pdf.read())
    assert _verify_exit_code(path, "--status") == 0
    assert _verify_exit_code(rendered_sample["path"], "--status") == 4  # genuine, not ours
    services.revoke_certificate(certificate, reason="withdrawn")
    assert _verify_exit_code(path) == 0  # offline: still a genuine document
    assert _verify_exit_code(path, "--status") == 5  # but no longer valid


def test_generated_private_key_is_private_and_usable(tmp_path, settings):
    target = tmp_path / "signing.pem"
    call_command("certificate_keys", "--generate-private-key", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(target)
    assert load_signing_key().source == "file"
    with pytest.raises(FileExistsError):  # never overwrites a key
        call_command("certificate_keys", "--generate-private-key", str(target))
