"""Issuing, revoking and superseding certificates (writes, each audit logged).

``issue_certificate`` is idempotent: the inputs' fingerprint is unique, so issuing the same
inputs again (a redelivered task, a double click) returns the stored certificate. The expensive
part, rendering, runs outside the transaction; the report row is locked only to store.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from factory_eval.accounting.models import AccountingResult
from factory_eval.audit.services import record_event
from factory_eval.certificates.models import Certificate, CertificateStatusChange
from factory_eval.certificates.payloads import (
    CertificateInputs,
    build_payload,
    serial_for,
)
from factory_eval.certificates.rendering import render_certificate
from factory_eval.certificates.selectors import result_facts, status_of
from factory_eval.certificates.signing import (
    canonical_json,
    load_signing_key,
    sha256_hex,
    sign_payload,
)
from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.reporting.models import EnergyReport

logger = logging.getLogger(__name__)


def issuer() -> dict[str, str]:
    return {
        "name_zh": settings.CERTIFICATE_ISSUER_NAME_ZH,
        "name_en": settings.CERTIFICATE_ISSUER_NAME_EN,
    }


def verification_url(serial: str) -> str:
    return settings.PUBLIC_BASE_URL + reverse("certificates:verify", args=[serial])


def _load_result(result_id: int) -> AccountingResult:
    result = (
        AccountingResult.objects.select_related("report__plant__organisation")
        .filter(pk=result_id)
        .first()
    )
    if result is None:
        raise ProblemsError(
            [Problem("result_not_found", field="result_id", params={"value": result_id})]
        )
    return result


def _actor(actor: AbstractBaseUser | None):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def issue_certificate(
    inputs: CertificateInputs, *, actor=None, issued_at: datetime | None = None
) -> Certificate:
    """Sign, render and store the certificate for ``inputs``, or return the one stored."""
    fingerprint = inputs.fingerprint()
    existing = Certificate.objects.filter(fingerprint=fingerprint).first()
    if existing is not None:
        return existing
    result = _load_result(inputs.result_id)
    issued_at = timezone.localtime(issued_at or timezone.now()).replace(microsecond=0)
    valid_until = inputs.valid_until or (
        issued_at.date() + timedelta(days=settings.CERTIFICATE_VALIDITY_DAYS)
    )
    if valid_until < issued_at.date():
        raise ProblemsError(
            [
                Problem(
                    "valid_until_before_issue",
                    field="valid_until",
                    params={
                        "value": valid_until.isoformat(),
                        "issued": issued_at.date().isoformat(),
                    },
                )
            ]
        )
    key = load_signing_key()
    facts = result_facts(result)
    serial = serial_for(fingerprint, facts["reporting_year"])
    payload = build_payload(
        facts,
        inputs,
        serial=serial,
        issued_at=issued_at,
        valid_until=valid_until,
        key_id=key.key_id,
        issuer=issuer(),
        verification_url=verification_url(serial),
    )
    payload_bytes = canonical_json(payload)
    signature = sign_payload(payload, key)
    pdf = render_certificate(payload, signature, key)
    certificate = Certificate(
        serial=serial,
        fingerprint=fingerprint,
        report_id=result.report_id,
        result=result,
        plant_id=result.report.plant_id,
        reporting_year=facts["reporting_year"],
        criteria_slug=inputs.criteria.slug,
        criteria_version=inputs.criteria.version,
        level_code=inputs.level.code,
        payload_json=payload_bytes.decode("utf-8"),
        payload_sha256=sha256_hex(payload_bytes),
        signature=signature,
        key_id=key.key_id,
        pdf_sha256=sha256_hex(pdf),
        provisional=bool(payload["provisional"]),
        evaluation_id=inputs.evaluation_id,
        review_id=inputs.review_id,
        issued_at=issued_at,
        valid_until=valid_until,
        issued_by=_actor(actor),
    )
    return _store(certificate, pdf, actor)


def _store(certificate: Certificate, pdf: bytes, actor) -> Certificate:
    with transaction.atomic():
        list(
            EnergyReport.objects.select_for_update()
            .filter(pk=certificate.report_id)
            .values_list("pk", flat=True)
        )
        stored = Certificate.objects.filter(fingerprint=certificate.fingerprint).first()
        if stored is not None:
            return stored  # another worker issued it while this one rendered
        certificate.pdf.save(f"{certificate.serial}.pdf", ContentFile(pdf), save=False)
        try:
            certificate.save()
            record_event(
                "certificates.issued",
                certificate,
                actor=actor,
                report_id=certificate.report_id,
                plant_id=certificate.plant_id,
                after={
                    "serial": certificate.serial,
                    "payload_sha256": certificate.payload_sha256,
                    "pdf_sha256": certificate.pdf_sha256,
                    "level": certificate.level_code,
                    "criteria": f"{certificate.criteria_slug}@{certificate.criteria_version}",
                },
            )
        except Exception:
            certificate.pdf.storage.delete(certificate.pdf.name)
            raise
    logger.info("certificate %s issued for report %s", certificate.serial, certificate.report_id)
    return certificate


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ProblemsError([Problem("required", field="reason")])
    return reason


def _withdrawn_problem(certificate: Certificate) -> ProblemsError:
    return ProblemsError(
        [
            Problem(
                "certificate_withdrawn",
                field="serial",
                params={
                    "serial": certificate.serial,
                    "status": certificate.status_change.get_status_display(),
                },
            )
        ]
    )


def _withdraw(
    certificate: Certificate,
    status: str,
    reason: str,
    actor,
    replacement: Certificate | None = None,
) -> CertificateStatusChange:
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if CertificateStatusChange.objects.filter(certificate=locked).exists():
            raise _withdrawn_problem(locked)
        before = status_of(locked).value
        change = CertificateStatusChange.objects.create(
            certificate=locked,
            status=status,
            reason=reason,
            replacement=replacement,
            actor=_actor(actor),
        )
        record_event(
            f"certificates.{status}",
            locked,
            actor=actor,
            message=reason,
            report_id=locked.report_id,
            plant_id=locked.plant_id,
            before={"status": before},
            after={
                "status": status,
                "reason": reason,
                "replacement": replacement.serial if replacement else None,
            },
        )
    return change


def revoke_certificate(
    certificate: Certificate, *, reason: str, actor=None
) -> CertificateStatusChange:
    """Withdraw a certificate for good (wrong data, fraud, a plant that no longer qualifies)."""
    return _withdraw(
        certificate, CertificateStatusChange.Status.REVOKED, _require_reason(reason), actor
    )


def mark_superseded(
    certificate: Certificate, *, reason: str, replacement: Certificate | None, actor=None
) -> CertificateStatusChange:
    """Withdraw ``certificate`` because a later approval replaced its rating (``replacement``
    is the new certificate, or None when the corrected report no longer reaches a level)."""
    return _withdraw(
        certificate,
        CertificateStatusChange.Status.SUPERSEDED,
        _require_reason(reason),
        actor,
        replacement=replacement,
    )


def supersede_certificate(
    certificate: Certificate,
    inputs: CertificateInputs,
    *,
    reason: str,
    actor=None,
    issued_at: datetime | None = None,
) -> Certificate:
    """Issue the replacement for the same plant and year and mark the old one superseded."""
    reason = _require_reason(reason)
    if hasattr(certificate, "status_change"):
        raise _withdrawn_problem(certificate)
    if inputs.fingerprint() == certificate.fingerprint:
        raise ProblemsError(
            [
                Problem(
                    "certificate_same_inputs", field="inputs", params={"serial": certificate.serial}
                )
            ]
        )
    result = _load_result(inputs.result_id)
    if (result.report.plant_id, result.report.year) != (
        certificate.plant_id,
        certificate.reporting_year,
    ):
        raise ProblemsError(
            [
                Problem(
                    "certificate_other_plant_year",
                    field="result_id",
                    params={
                        "value": f"{result.report.plant.code} {result.report.year}",
                        "expected": f"{certificate.plant.code} {certificate.reporting_year}",
                    },
                )
            ]
        )
    replacement = issue_certificate(inputs, actor=actor, issued_at=issued_at)
    _withdraw(
        certificate,
        CertificateStatusChange.Status.SUPERSEDED,
        reason,
        actor,
        replacement=replacement,
    )
    return replacement
