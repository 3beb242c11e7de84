"""Reads for subsidies: programmes, awards and eligibility, filtered by what a user may see.

Visibility follows ``organisations.access``: administrators and reviewers see every plant,
government officers the plants of their jurisdiction, plant managers their own plants.
Programmes are public policy and readable by anyone signed in.

For a page: ``eligibility_list(user, on=...)`` gives one ``PlantEligibilityRow`` per visible
plant (plant, eligible programmes with amounts and certificates, the reasons others do not
apply, the awards in effect); ``plant_eligibility(user, plant_id)`` one plant;
``visible_awards(user)`` the awards; ``subsidies.exports`` turns either into a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from factory_eval.certificates.models import Certificate
from factory_eval.evaluation.criteria_files import CriteriaFileError, read_directory
from factory_eval.evaluation.models import CriteriaVersion
from factory_eval.organisations.access import access_for
from factory_eval.plants.models import Plant
from factory_eval.subsidies.eligibility import (
    AwardFacts,
    CertificateFacts,
    PlantEligibility,
    PlantPlace,
    ProgrammeTerms,
    Recognition,
    assess_plant,
)
from factory_eval.subsidies.models import Award, Programme, ProgrammeVersion


def programmes() -> QuerySet[Programme]:
    """Every programme, annotated with its current (highest) version number."""
    return Programme.objects.annotate(current_number=Max("versions__number"))


def current_versions(codes: list[str] | None = None) -> QuerySet[ProgrammeVersion]:
    """The latest version of each programme (a revision replaces the terms it revises)."""
    latest = (
        ProgrammeVersion.objects.filter(programme=OuterRef("programme"))
        .order_by("-number")
        .values("number")[:1]
    )
    queryset = ProgrammeVersion.objects.select_related("programme").filter(number=Subquery(latest))
    if codes is not None:
        queryset = queryset.filter(programme__code__in=codes)
    return queryset.order_by("programme__code")


def current_version(code: str) -> ProgrammeVersion | None:
    return current_versions([code]).first()


def programme_terms(version: ProgrammeVersion) -> ProgrammeTerms:
    return ProgrammeTerms(
        code=version.programme.code,
        version_id=version.pk,
        version_number=version.number,
        policy_name=version.policy_name,
        province_code=version.province_code,
        city=version.city,
        district=version.district,
        accepted=tuple(
            Recognition(
                item["criteria"],
                item["level"],
                item.get("confidence", "unverified"),
                item.get("note", ""),
                item.get("note_zh", ""),
            )
            for item in version.accepted_recognitions
        ),
        max_award_cny=version.max_award_cny,
        in_force_from=version.in_force_from,
        in_force_until=version.in_force_until,
        dates_basis=version.dates_basis,
        issued=version.issued,
        confidence=version.confidence,
        recognition_note=version.recognition_note,
        province_name=version.province_name,
        recognition_note_zh=version.recognition_note_zh,
    )


def known_criteria_levels() -> dict[str, list[str]]:
    """Level ids per criteria set: of every loaded version and of the files on disk."""
    known: dict[str, list[str]] = {}

    def add(document: dict) -> None:
        levels = known.setdefault(document["slug"], [])
        for level in document.get("levels", []):
            if level["id"] not in levels:
                levels.append(level["id"])

    for document in CriteriaVersion.objects.values_list("document", flat=True):
        add(document)
    try:
        for item in read_directory():
            add(item.document)
    except CriteriaFileError:
        pass  # a broken draft file on disk must not stop awards; loaded versions still count
    return known


def visible_awards(user) -> QuerySet[Award]:
    return Award.objects.filter(access_for(user).plants_q("plant")).select_related(
        "programme", "version", "plant__organisation", "certificate", "recorded_by", "annulled_by"
    )


def certificate_facts(certificate: Certificate) -> CertificateFacts:
    change = getattr(certificate, "status_change", None)
    return CertificateFacts(
        id=certificate.pk,
        serial=certificate.serial,
        plant_id=certificate.plant_id,
        criteria=certificate.criteria_slug,
        level=certificate.level_code,
        issued_on=timezone.localtime(certificate.issued_at).date(),
        valid_until=certificate.valid_until,
        withdrawn=change.status if change else "",
        withdrawn_on=timezone.localtime(change.occurred_at).date() if change else None,
        provisional=certificate.provisional,
    )


def plant_place(plant: Plant) -> PlantPlace:
    return PlantPlace(plant.pk, plant.province_code, plant.city, plant.district)


def award_facts(award: Award) -> AwardFacts:
    return AwardFacts(
        award.programme.code, award.plant_id, award.reference, award.decided_on, award.amount_cny
    )


@dataclass(frozen=True)
class PlantEligibilityRow:
    """One plant's eligibility with the objects a page or an export prints."""

    plant: Plant
    eligibility: PlantEligibility
    certificates: dict[int, Certificate]
    awards: tuple[Award, ...]


def _certificates_of(plant_ids: list[int]) -> dict[int, list[Certificate]]:
    found: dict[int, list[Certificate]] = {}
    for certificate in (
        Certificate.objects.filter(plant_id__in=plant_ids)
        .select_related("status_change")
        .defer("payload_json")
    ):
        found.setdefault(certificate.plant_id, []).append(certificate)
    return found


def eligibility_for_plants(
    plants: list[Plant],
    on: date | None = None,
    *,
    programme_codes: list[str] | None = None,
    other_provinces: bool = False,
) -> list[PlantEligibilityRow]:
    """Assess ``plants`` (already filtered by visibility) against the current programmes."""
    on = on or timezone.localdate()
    terms = [programme_terms(version) for version in current_versions(programme_codes)]
    plant_ids = [plant.pk for plant in plants]
    certificates = _certificates_of(plant_ids)
    awards: dict[int, list[Award]] = {}
    for award in Award.objects.filter(
        plant_id__in=plant_ids, annulled_at__isnull=True
    ).select_related("programme", "certificate"):
        awards.setdefault(award.plant_id, []).append(award)
    rows = []
    for plant in plants:
        held = certificates.get(plant.pk, [])
        in_effect = awards.get(plant.pk, [])
        result = assess_plant(
            plant_place(plant),
            terms,
            [certificate_facts(c) for c in held],
            [award_facts(a) for a in in_effect],
            on,
            other_provinces=other_provinces,
        )
        rows.append(PlantEligibilityRow(plant, result, {c.pk: c for c in held}, tuple(in_effect)))
    return rows


def eligibility_list(
    user,
    on: date | None = None,
    *,
    plants: QuerySet[Plant] | None = None,
    programme_codes: list[str] | None = None,
    eligible_only: bool = False,
) -> list[PlantEligibilityRow]:
    """Every plant ``user`` may see (optionally narrowed by ``plants``), with its eligibility.

    ``eligible_only`` keeps plants with at least one eligible programme; only plants holding
    a certificate still valid on ``on`` are assessed then, so a province's uncertified plants
    cost nothing.
    """
    on = on or timezone.localdate()
    queryset = plants if plants is not None else Plant.objects.all()
    queryset = (
        queryset.filter(access_for(user).plants_q())
        .select_related("organisation")
        .order_by("province_code", "city", "district", "code")
    )
    if eligible_only:
        # Only the expiry rule of ``eligibility`` is applied in SQL: a certificate withdrawn
        # after ``on`` was still valid then, so withdrawals are left to ``assess_plant``.
        queryset = queryset.filter(
            Exists(Certificate.objects.filter(plant=OuterRef("pk"), valid_until__gte=on))
        )
    rows = eligibility_for_plants(list(queryset), on, programme_codes=programme_codes)
    if eligible_only:
        rows = [row for row in rows if row.eligibility.eligible]
    return rows


def plant_eligibility(user, plant_id: int, on: date | None = None) -> PlantEligibilityRow | None:
    """One plant's eligibility, or None when the plant is outside what ``user`` sees."""
    plant = (
        Plant.objects.filter(access_for(user).plants_q())
        .select_related("organisation")
        .filter(pk=plant_id)
        .first()
    )
    if plant is None:
        return None
    return eligibility_for_plants([plant], on)[0]
