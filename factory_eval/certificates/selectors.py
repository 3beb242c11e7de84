"""Reads for certificates: the facts a payload is built from, and a serial's current status."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from factory_eval.accounting.models import AccountingResult
from factory_eval.accounting.services import editions_of
from factory_eval.certificates.models import Certificate, CertificateStatusChange
from factory_eval.certificates.payloads import normalise_serial
from factory_eval.factors.selectors import editions_by_id, province_directory
from factory_eval.organisations.access import access_for


class CertificateStatus(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


STATUS_LABELS = {
    CertificateStatus.VALID: _("Valid"),
    CertificateStatus.REVOKED: _("Revoked"),
    CertificateStatus.SUPERSEDED: _("Superseded"),
    CertificateStatus.EXPIRED: _("Expired"),
    CertificateStatus.UNKNOWN: _("Unknown"),
}


def result_facts(result: AccountingResult) -> dict[str, Any]:
    """A stored result, its plant and organisation as the plain data a payload prints."""
    report = result.report
    plant = report.plant
    organisation = plant.organisation
    document = result.document
    province = province_directory(editions_of(result)).by_code.get(plant.province_code)
    emissions = document["emissions_tco2e"]
    return {
        "plant": {
            "code": plant.code,
            "name_zh": plant.name_zh,
            "name_en": plant.name_en,
            "type": plant.plant_type,
            "output_unit": plant.output_unit,
            "province_code": plant.province_code,
            "province_zh": province.name_zh if province else "",
            "province_en": province.name_en if province else "",
            "city": plant.city,
            "district": plant.district,
        },
        "organisation": {
            "name_zh": organisation.name_zh,
            "name_en": organisation.name_en,
            "credit_code": organisation.credit_code,
        },
        "reporting_year": report.year,
        "report": {"id": report.pk, "revision": report.revision},
        "accounting": {"fingerprint": result.fingerprint, "engine_version": result.engine_version},
        "figures": {
            "output": {"quantity": document["output_units"], "unit": document["output_unit"]},
            "intensity_kgco2e_per_unit": document["intensity_kgco2e_per_unit"],
            "clean_power_share": document["clean_power_share"],
            "electricity_kwh": {
                "consumed": document["electricity_kwh"]["consumed"],
                "clean": document["electricity_kwh"]["clean"],
            },
            "emissions_tco2e": {
                key: emissions[key]
                for key in (
                    "scope1",
                    "scope2_market",
                    "scope2_location",
                    "steam",
                    "total",
                    "offsets",
                    "net",
                )
            },
            "offset_ratio": document["offset_ratio"],
            "energy_kgce_per_unit": document["energy_kgce_per_unit"],
        },
        "grid_factor": {
            key: document["grid_factor"][key]
            for key in ("value", "unit", "level", "area", "data_year", "notice")
        },
        "factor_editions": [
            {
                "kind": edition.kind,
                "title_zh": edition.title_zh,
                "title_en": edition.title_en,
                "publisher": edition.publisher,
                "sha256": edition.sha256,
            }
            for edition in editions_by_id(
                {kind: entry["id"] for kind, entry in result.editions.items()}
            ).by_kind.values()
        ],
        "provisional_figures": document.get("provisional_figures", []),
    }


def certificate_by_serial(serial: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("status_change")
        .filter(serial=normalise_serial(serial))
        .first()
    )


def status_of(certificate: Certificate | None, today: date | None = None) -> CertificateStatus:
    """Revoked and superseded outrank expiry: they say why a certificate no longer holds."""
    if certificate is None:
        return CertificateStatus.UNKNOWN
    try:
        change = certificate.status_change
    except CertificateStatusChange.DoesNotExist:
        change = None
    if change is not None:
        return CertificateStatus(change.status)
    today = today or timezone.localdate()
    if certificate.valid_until < today:
        return CertificateStatus.EXPIRED
    return CertificateStatus.VALID


def certificate_status(serial: str, today: date | None = None) -> CertificateStatus:
    return status_of(certificate_by_serial(serial), today)


def public_record(certificate: Certificate, today: date | None = None) -> dict[str, Any]:
    """What the public page and API show about a serial: status, the signed payload and hashes."""
    status = status_of(certificate, today)
    record: dict[str, Any] = {
        "serial": certificate.serial,
        "status": status.value,
        "status_label": str(STATUS_LABELS[status]),
        "payload": certificate.payload,
        "signature": certificate.signature,
        "algorithm": "Ed25519",
        "key_id": certificate.key_id,
        "payload_sha256": certificate.payload_sha256,
        "pdf_sha256": certificate.pdf_sha256,
        "status_change": None,
    }
    change = (
        getattr(certificate, "status_change", None)
        if status in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED)
        else None
    )
    if change is not None:
        record["status_change"] = {
            "status": change.status,
            "reason": change.reason,
            "occurred_at": change.occurred_at.isoformat(),
            "replacement_serial": change.replacement.serial if change.replacement else None,
        }
    return record


def valid_certificates(plant_ids: list[int] | None = None, today: date | None = None):
    """Certificates valid today (for subsidy eligibility): not withdrawn, not expired."""
    today = today or timezone.localdate()
    queryset = Certificate.objects.filter(status_change__isnull=True, valid_until__gte=today)
    if plant_ids is not None:
        queryset = queryset.filter(plant_id__in=plant_ids)
    return queryset


def visible_certificates(user):
    """Certificates of the reports the user may see (``organisations.access`` has the rules):
    managers their own, reviewers what was submitted, officers their jurisdiction's approved."""
    return Certificate.objects.filter(access_for(user).reports_q("report")).select_related(
        "plant", "plant__organisation", "status_change", "report"
    )
