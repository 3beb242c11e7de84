"""What a certificate says: the issuing inputs and the signed payload built from them (pure).

``CertificateInputs`` is the seam to the evaluation and review apps: on approval, the review
workflow names the accounting result, the criteria version and level the evaluation reached,
the reviewer, and any unverified criteria parameters the rating rests on. Everything printed on
the certificate is in the payload, so the PDF can be re-rendered and checked from it alone.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from factory_eval.certificates.signing import canonical_json

PAYLOAD_SCHEMA = "factory-eval.certificate/1"


@dataclass(frozen=True)
class CriteriaRef:
    slug: str
    name_zh: str
    name_en: str
    version: str
    sha256: str = ""


@dataclass(frozen=True)
class LevelRef:
    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class ReviewerRef:
    name: str
    organisation_zh: str = ""
    organisation_en: str = ""


@dataclass(frozen=True)
class ProvisionalParameter:
    """A criteria parameter the rating used whose value is not from a public source."""

    name: str
    value: str
    confidence: str = "unverified"
    source: str = ""


@dataclass(frozen=True)
class CertificateInputs:
    """Everything a certificate is issued from; equal inputs give the same certificate."""

    result_id: int
    criteria: CriteriaRef
    level: LevelRef
    reviewer: ReviewerRef
    provisional_parameters: tuple[ProvisionalParameter, ...] = field(default_factory=tuple)
    evaluation_id: int | None = None
    review_id: int | None = None
    valid_until: date | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["provisional_parameters"] = [asdict(item) for item in self.provisional_parameters]
        data["valid_until"] = self.valid_until.isoformat() if self.valid_until else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CertificateInputs:
        valid_until = data.get("valid_until")
        return cls(
            result_id=int(data["result_id"]),
            criteria=CriteriaRef(**data["criteria"]),
            level=LevelRef(**data["level"]),
            reviewer=ReviewerRef(**data["reviewer"]),
            provisional_parameters=tuple(
                ProvisionalParameter(**item) for item in data.get("provisional_parameters", [])
            ),
            evaluation_id=data.get("evaluation_id"),
            review_id=data.get("review_id"),
            valid_until=date.fromisoformat(valid_until) if valid_until else None,
        )

    def fingerprint(self) -> str:
        return hashlib.sha256(
            canonical_json({"schema": PAYLOAD_SCHEMA, "inputs": self.as_dict()})
        ).hexdigest()


def serial_for(fingerprint: str, reporting_year: int) -> str:
    """``ZC2022-ABCD-EFGH-JKLM``: the year, then 60 bits of the inputs' hash in base 32.

    Derived from the inputs, so re-issuing the same inputs reproduces the serial and the PDF;
    not sequential, so serials cannot be enumerated from one another.
    """
    digits = base64.b32encode(hashlib.sha256(fingerprint.encode()).digest()).decode()[:12]
    return f"ZC{reporting_year}-{digits[0:4]}-{digits[4:8]}-{digits[8:12]}"


def normalise_serial(text: str) -> str:
    return "".join(str(text).split()).upper()


def build_payload(
    facts: dict[str, Any],
    inputs: CertificateInputs,
    *,
    serial: str,
    issued_at: datetime,
    valid_until: date,
    key_id: str,
    issuer: dict[str, str],
    verification_url: str,
) -> dict[str, Any]:
    """The signed payload. ``facts`` comes from ``selectors.result_facts`` (plain data)."""
    provisional = [
        {
            "kind": "factor",
            "name": item["figure"],
            "detail": item["factor"],
            "confidence": item["confidence"],
            "source": item["source"],
        }
        for item in facts["provisional_figures"]
    ]
    provisional += [
        {
            "kind": "criteria_parameter",
            "name": item.name,
            "detail": item.value,
            "confidence": item.confidence,
            "source": item.source,
        }
        for item in inputs.provisional_parameters
    ]
    return {
        "schema": PAYLOAD_SCHEMA,
        "serial": serial,
        "key_id": key_id,
        "issuer": dict(issuer),
        "issued_at": issued_at.isoformat(),
        "valid_until": valid_until.isoformat(),
        "verification_url": verification_url,
        "plant": facts["plant"],
        "organisation": facts["organisation"],
        "reporting_year": facts["reporting_year"],
        "criteria": asdict(inputs.criteria),
        "level": asdict(inputs.level),
        "figures": facts["figures"],
        "grid_factor": facts["grid_factor"],
        "factor_editions": facts["factor_editions"],
        "provisional": provisional,
        "reviewer": asdict(inputs.reviewer),
        "references": {
            "report_id": facts["report"]["id"],
            "report_revision": facts["report"]["revision"],
            "accounting_result_id": inputs.result_id,
            "accounting_fingerprint": facts["accounting"]["fingerprint"],
            "engine_version": facts["accounting"]["engine_version"],
            "evaluation_id": inputs.evaluation_id,
            "review_id": inputs.review_id,
            "inputs_fingerprint": inputs.fingerprint(),
        },
    }
