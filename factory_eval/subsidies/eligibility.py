"""Subsidy eligibility (pure: plain data in, plain data out, no Django).

A plant is eligible under a programme on a date when all of these hold:
1. it lies in the programme's jurisdiction (a province programme covers the province, a city
   programme its districts, a district programme that district only);
2. the programme is in force on that date;
3. it holds a certificate of this service that is valid on that date (issued, not revoked,
   not superseded, not expired) at one of the (criteria set, level) pairs the programme
   accepts;
4. it has not already been awarded under the programme.

Every programme that does not apply says why (``Reason``), and every eligibility that rests on
something unverified says so (``provisional_reasons``), so the list can be shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from factory_eval.organisations.places import area_contains, same_place

UNVERIFIED = "unverified"


@dataclass(frozen=True)
class Recognition:
    """One (criteria set, level) pair of this service's certificates a programme accepts."""

    criteria: str
    level: str
    confidence: str = UNVERIFIED
    note: str = ""
    note_zh: str = ""

    @property
    def label(self) -> str:
        return f"{self.criteria}/{self.level}"


@dataclass(frozen=True)
class ProgrammeTerms:
    code: str
    version_id: int | None
    version_number: int
    policy_name: str
    province_code: str
    city: str
    district: str
    accepted: tuple[Recognition, ...]
    max_award_cny: Decimal
    in_force_from: date | None = None
    in_force_until: date | None = None
    dates_basis: str = "unknown"
    issued: str = ""
    confidence: str = UNVERIFIED
    recognition_note: str = ""
    province_name: str = ""
    recognition_note_zh: str = ""

    @property
    def area(self) -> tuple[str, str, str]:
        return (self.province_code, self.city, self.district)


@dataclass(frozen=True)
class CertificateFacts:
    id: int
    serial: str
    plant_id: int
    criteria: str
    level: str
    issued_on: date
    valid_until: date
    withdrawn: str = ""  # "", "revoked" or "superseded"
    withdrawn_on: date | None = None
    provisional: bool = False


@dataclass(frozen=True)
class PlantPlace:
    id: int
    province_code: str
    city: str = ""
    district: str = ""

    @property
    def place(self) -> tuple[str, str, str]:
        return (self.province_code, self.city, self.district)


@dataclass(frozen=True)
class AwardFacts:
    """An award in effect: it closes its programme to its plant."""

    programme_code: str
    plant_id: int
    reference: str
    decided_on: date
    amount_cny: Decimal


@dataclass(frozen=True)
class Reason:
    """Why a programme does not apply (or why an eligibility is provisional)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Eligible:
    programme: ProgrammeTerms
    certificate: CertificateFacts
    provisional_reasons: tuple[Reason, ...] = ()

    @property
    def max_award_cny(self) -> Decimal:
        return self.programme.max_award_cny

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_reasons)


@dataclass(frozen=True)
class NotEligible:
    programme: ProgrammeTerms
    reasons: tuple[Reason, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(reason.code for reason in self.reasons)


@dataclass(frozen=True)
class PlantEligibility:
    plant: PlantPlace
    on: date
    eligible: tuple[Eligible, ...]
    not_eligible: tuple[NotEligible, ...]

    @property
    def total_max_award_cny(self) -> Decimal:
        return sum((item.max_award_cny for item in self.eligible), Decimal("0"))


def certificate_state(certificate: CertificateFacts, on: date) -> str:
    """valid / not_yet_issued / revoked / superseded / expired, as of the end of ``on``.

    A withdrawal counts from the day it happened; as in the public status, revoked and
    superseded outrank expiry because they say why the certificate no longer holds.
    """
    if certificate.issued_on > on:
        return "not_yet_issued"
    if certificate.withdrawn and (
        certificate.withdrawn_on is None or certificate.withdrawn_on <= on
    ):
        return certificate.withdrawn
    if certificate.valid_until < on:
        return "expired"
    return "valid"


def jurisdiction_reasons(plant: PlantPlace, programme: ProgrammeTerms) -> list[Reason]:
    """Empty when the plant lies in the programme's jurisdiction, else why not."""
    if area_contains(programme.area, plant.place):
        return []
    if plant.province_code != programme.province_code:
        return [
            Reason(
                "outside_province", {"province": programme.province_name or programme.province_code}
            )
        ]
    if programme.city and not plant.city:
        return [Reason("plant_city_unknown", {"city": programme.city})]
    if programme.city and not same_place(plant.city, programme.city):
        return [Reason("outside_city", {"city": programme.city, "plant_city": plant.city})]
    if not plant.district:
        return [Reason("plant_district_unknown", {"district": programme.district})]
    return [
        Reason(
            "outside_district", {"district": programme.district, "plant_district": plant.district}
        )
    ]


def in_force_reasons(programme: ProgrammeTerms, on: date) -> list[Reason]:
    if programme.in_force_from is not None and on < programme.in_force_from:
        return [Reason("programme_not_yet_in_force", {"date": programme.in_force_from.isoformat()})]
    if programme.in_force_until is not None and on > programme.in_force_until:
        return [
            Reason("programme_no_longer_in_force", {"date": programme.in_force_until.isoformat()})
        ]
    return []


def _accepted_labels(programme: ProgrammeTerms) -> str:
    return ", ".join(item.label for item in programme.accepted)


def _certificate_reason(certificate: CertificateFacts, state: str) -> Reason:
    dates = {
        "not_yet_issued": certificate.issued_on,
        "expired": certificate.valid_until,
        "revoked": certificate.withdrawn_on,
        "superseded": certificate.withdrawn_on,
    }
    day = dates[state]
    return Reason(
        f"certificate_{state}",
        {"serial": certificate.serial, "date": day.isoformat() if day else ""},
    )


def _best(certificates: list[CertificateFacts]) -> CertificateFacts:
    """The certificate an eligibility rests on: the longest valid, then the newest."""
    return max(certificates, key=lambda item: (item.valid_until, item.issued_on, item.id))


def provisional_reasons(
    programme: ProgrammeTerms, recognition: Recognition, certificate: CertificateFacts
) -> tuple[Reason, ...]:
    reasons = []
    if recognition.confidence == UNVERIFIED:
        reasons.append(
            Reason(
                "recognition_map_unverified",
                {
                    "recognition": recognition.label,
                    "note": recognition.note,
                    "note_zh": recognition.note_zh,
                },
            )
        )
    if programme.confidence == UNVERIFIED:
        reasons.append(Reason("programme_unverified", {"programme": programme.code}))
    if programme.dates_basis == "issued_month":
        reasons.append(Reason("programme_dates_from_issue", {"issued": programme.issued}))
    elif programme.dates_basis == "unknown":
        reasons.append(Reason("programme_dates_unknown", {"programme": programme.code}))
    if certificate.provisional:
        reasons.append(Reason("certificate_provisional", {"serial": certificate.serial}))
    return tuple(reasons)


def assess_programme(
    plant: PlantPlace,
    programme: ProgrammeTerms,
    certificates: list[CertificateFacts],
    award: AwardFacts | None,
    on: date,
) -> Eligible | NotEligible:
    """One plant against one programme on one date (rules in the module docstring)."""
    outside = jurisdiction_reasons(plant, programme)
    if outside:
        return NotEligible(programme, tuple(outside))
    reasons = in_force_reasons(programme, on)
    if not programme.accepted:
        reasons.append(
            Reason(
                "no_accepted_recognition",
                {"note": programme.recognition_note, "note_zh": programme.recognition_note_zh},
            )
        )
    if award is not None:
        reasons.append(
            Reason(
                "already_awarded",
                {
                    "reference": award.reference,
                    "date": award.decided_on.isoformat(),
                    "amount": str(award.amount_cny),
                },
            )
        )
    accepted = {(item.criteria, item.level): item for item in programme.accepted}
    matching = [
        item
        for item in certificates
        if item.plant_id == plant.id and (item.criteria, item.level) in accepted
    ]
    valid = [item for item in matching if certificate_state(item, on) == "valid"]
    if programme.accepted and not matching:
        reasons.append(Reason("no_certificate", {"accepted": _accepted_labels(programme)}))
    elif programme.accepted and not valid:
        reasons += [
            _certificate_reason(item, certificate_state(item, on))
            for item in sorted(matching, key=lambda item: item.issued_on)
        ]
    if reasons:
        return NotEligible(programme, tuple(reasons))
    certificate = _best(valid)
    recognition = accepted[(certificate.criteria, certificate.level)]
    return Eligible(
        programme, certificate, provisional_reasons(programme, recognition, certificate)
    )


def assess_plant(
    plant: PlantPlace,
    programmes: list[ProgrammeTerms],
    certificates: list[CertificateFacts],
    awards: list[AwardFacts],
    on: date,
    *,
    other_provinces: bool = False,
) -> PlantEligibility:
    """Every programme for one plant. Programmes of other provinces are left out unless
    ``other_provinces`` (their reason is obvious and there may be many)."""
    by_programme = {award.programme_code: award for award in awards if award.plant_id == plant.id}
    eligible: list[Eligible] = []
    not_eligible: list[NotEligible] = []
    for programme in sorted(programmes, key=lambda item: item.code):
        if not other_provinces and programme.province_code != plant.province_code:
            continue
        outcome = assess_programme(
            plant, programme, certificates, by_programme.get(programme.code), on
        )
        (eligible if isinstance(outcome, Eligible) else not_eligible).append(outcome)
    return PlantEligibility(plant, on, tuple(eligible), tuple(not_eligible))
