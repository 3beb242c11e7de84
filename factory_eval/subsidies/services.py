"""Writes for subsidies: programme versions, awards and their annulment (each audit logged).

Programmes are revised only by adding a version (``add_programme_version``, or
``load_programmes`` for the reference files, which adds one for each programme whose content
changed). An award is recorded once per programme and plant: the service checks eligibility
and refuses a second award, and a partial unique constraint refuses it again in the database,
so two officers recording at the same moment cannot both succeed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from factory_eval.audit.services import record_event
from factory_eval.certificates.models import Certificate
from factory_eval.certificates.payloads import normalise_serial
from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.factors.selectors import province_directory
from factory_eval.organisations.access import access_for
from factory_eval.plants.models import Plant
from factory_eval.subsidies.eligibility import Eligible, assess_programme
from factory_eval.subsidies.messages import SubsidyNotAllowedError, SubsidyStateError
from factory_eval.subsidies.models import Award, Programme, ProgrammeVersion
from factory_eval.subsidies.programme_files import (
    ProgrammeDraft,
    build_draft,
    read_programmes,
)
from factory_eval.subsidies.selectors import (
    certificate_facts,
    known_criteria_levels,
    plant_place,
    programme_terms,
)

logger = logging.getLogger(__name__)

REFERENCE_DIR = settings.BASE_DIR / "fixtures" / "reference"
PROGRAMMES_FILE = REFERENCE_DIR / "subsidy_programs_cn.csv"
RECOGNITION_MAP_FILE = REFERENCE_DIR / "subsidy_recognition_map.csv"


@dataclass(frozen=True)
class LoadedProgramme:
    version: ProgrammeVersion
    created: bool


def _actor(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def version_snapshot(version: ProgrammeVersion) -> dict:
    return {
        "programme": version.programme.code,
        "number": version.number,
        "content_sha256": version.content_sha256,
        "max_award_cny": version.max_award_cny,
        "jurisdiction": [version.province_code, version.city, version.district],
        "in_force": [version.in_force_from, version.in_force_until],
        "accepted": [
            f"{item['criteria']}/{item['level']}" for item in version.accepted_recognitions
        ],
        "confidence": version.confidence,
    }


def _store_version(draft: ProgrammeDraft, *, reason: str, actor) -> LoadedProgramme:
    """Add ``draft`` as the programme's next version unless it equals the current one."""
    programme, _ = Programme.objects.get_or_create(code=draft.code)
    # Lock the identity row: two revisions at once get consecutive numbers, not a clash.
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    current = programme.versions.order_by("-number").first()
    sha256 = draft.sha256()
    if current is not None and current.content_sha256 == sha256:
        return LoadedProgramme(current, False)
    content = draft.content()
    version = ProgrammeVersion.objects.create(
        programme=programme,
        number=(current.number + 1) if current else 1,
        content_sha256=sha256,
        policy_name=draft.policy_name,
        province_code=draft.province_code,
        province_name=draft.province_name,
        city=draft.city,
        district=draft.district,
        issued=draft.issued,
        in_force_from=draft.in_force_from,
        in_force_until=draft.in_force_until,
        dates_basis=draft.dates_basis,
        recognition_required=draft.recognition_required,
        accepted_recognitions=content["accepted_recognitions"],
        recognition_note=draft.recognition_note,
        recognition_note_zh=draft.recognition_note_zh,
        max_award_cny=draft.max_award_cny,
        source=draft.source,
        confidence=draft.confidence,
        reason=reason,
        created_by=_actor(actor),
    )
    record_event(
        "subsidies.programme_version_added",
        version,
        actor=actor,
        message=reason,
        before=version_snapshot(current) if current else None,
        after=version_snapshot(version),
    )
    return LoadedProgramme(version, True)


def load_programmes(
    programmes_path: Path = PROGRAMMES_FILE, map_path: Path = RECOGNITION_MAP_FILE, *, actor=None
) -> list[LoadedProgramme]:
    """Load the reference files: a new version for each programme whose content changed.

    Every row of both files is validated first; one problem refuses the whole load.
    """
    drafts = read_programmes(
        programmes_path,
        map_path,
        directory=province_directory(),
        known_levels=known_criteria_levels(),
    )
    reason = f"loaded from {programmes_path.name} and {map_path.name}"
    with transaction.atomic():
        return [_store_version(draft, reason=reason, actor=actor) for draft in drafts]


def _ensure_admin(actor) -> None:
    if actor is not None and not access_for(actor).is_admin:
        raise SubsidyNotAllowedError("administrators_only")


def add_programme_version(
    values: dict,
    accepted: list[dict],
    *,
    recognition_note: str = "",
    recognition_note_zh: str = "",
    reason: str,
    actor=None,
) -> LoadedProgramme:
    """An administrator adds a programme, or revises one by adding its next version.

    ``values`` holds the programme's terms by API field name (code, policy_name, province,
    city, district, issued, in_force_from, in_force_until, recognition_required,
    max_award_cny, source, confidence); ``accepted`` the (criteria, level, confidence, note,
    optional Chinese note_zh) entries. An unchanged submission returns the current version
    (``created`` False).
    """
    _ensure_admin(actor)
    draft, problems = build_draft(
        values,
        accepted,
        recognition_note,
        recognition_note_zh=recognition_note_zh,
        directory=province_directory(),
        known_levels=known_criteria_levels(),
    )
    if not (reason or "").strip():
        problems.append(Problem("required", field="reason"))
    if draft is not None and not draft.accepted_recognitions and not draft.recognition_note:
        problems.append(Problem("map_note_required", field="recognition_note"))
    if problems:
        raise ProblemsError(problems)
    with transaction.atomic():
        return _store_version(draft, reason=reason.strip(), actor=actor)


# --- awards -----------------------------------------------------------------------------------
def award_snapshot(award: Award) -> dict:
    return {
        "programme": award.programme.code,
        "version": award.version.number,
        "plant": award.plant.code,
        "certificate": award.certificate.serial,
        "amount_cny": award.amount_cny,
        "decided_on": award.decided_on,
        "reference": award.reference,
        "note": award.note,
        "annulled_at": award.annulled_at,
        "annul_reason": award.annul_reason,
    }


def _ensure_may_award(actor, plant: Plant) -> None:
    """Officers of the plant's jurisdiction and administrators; None (the system) may."""
    if actor is None:
        return
    access = access_for(actor)
    if not access.may_record_awards:
        raise SubsidyNotAllowedError("not_an_award_recorder")
    if not access.may_award_plant(plant.province_code, plant.city, plant.district):
        raise SubsidyNotAllowedError("outside_jurisdiction", plant=plant.code)


def _amount(value) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _resolve(
    programme: Programme | str, certificate: Certificate | str, version_number: int | None
) -> tuple[ProgrammeVersion, Certificate]:
    problems = []
    if not isinstance(programme, Programme):
        code = str(programme)
        programme = Programme.objects.filter(code=code).first()
        if programme is None:
            problems.append(Problem("unknown_programme", field="programme", params={"value": code}))
    version = None
    if programme is not None:
        versions = programme.versions.select_related("programme").order_by("-number")
        version = (
            versions.filter(number=version_number).first() if version_number else versions.first()
        )
        if version is None:
            problems.append(
                Problem(
                    "unknown_programme_version",
                    field="version",
                    params={"programme": programme.code, "value": version_number},
                )
            )
    if not isinstance(certificate, Certificate):
        serial = normalise_serial(str(certificate))
        certificate = (
            Certificate.objects.select_related("status_change", "plant")
            .filter(serial=serial)
            .first()
        )
        if certificate is None:
            problems.append(
                Problem("unknown_certificate", field="certificate", params={"value": serial})
            )
    if problems:
        raise ProblemsError(problems)
    return version, certificate


def _award_problems(
    version: ProgrammeVersion,
    plant: Plant,
    certificate: Certificate,
    amount: Decimal | None,
    raw_amount,
    decided_on: date,
    reference: str,
) -> list[Problem]:
    problems = []
    if amount is None or amount <= 0:
        problems.append(
            Problem("award_amount_not_positive", field="amount_cny", params={"value": raw_amount})
        )
    elif amount > version.max_award_cny:
        problems.append(
            Problem(
                "award_amount_above_maximum",
                field="amount_cny",
                params={"value": amount, "maximum": version.max_award_cny},
            )
        )
    if decided_on > timezone.localdate():
        problems.append(
            Problem(
                "award_decided_in_future",
                field="decided_on",
                params={"value": decided_on.isoformat()},
            )
        )
    if not reference.strip():
        problems.append(Problem("required", field="reference"))
    if certificate.plant_id != plant.pk:
        problems.append(
            Problem(
                "award_certificate_other_plant",
                field="certificate",
                params={"serial": certificate.serial, "plant": certificate.plant.code},
            )
        )
        return problems
    # Eligible on the decision date with exactly this certificate (awards are checked apart,
    # under the lock, so the refusal says "already awarded" with the award's reference).
    outcome = assess_programme(
        plant_place(plant),
        programme_terms(version),
        [certificate_facts(certificate)],
        None,
        decided_on,
    )
    if not isinstance(outcome, Eligible):
        problems += [
            Problem(
                reason.code,
                field="certificate"
                if reason.code.startswith(("certificate_", "no_certificate"))
                else "programme",
                params=reason.params,
            )
            for reason in outcome.reasons
        ]
    return problems


def _already_awarded(version: ProgrammeVersion, plant: Plant) -> SubsidyStateError:
    existing = Award.objects.filter(
        programme_id=version.programme_id, plant=plant, annulled_at__isnull=True
    ).first()
    return SubsidyStateError(
        "already_awarded",
        field="programme",
        plant=plant.code,
        programme=version.programme.code,
        reference=existing.reference if existing else "?",
    )


def record_award(
    *,
    programme: Programme | str,
    plant: Plant,
    certificate: Certificate | str,
    amount_cny,
    decided_on: date,
    reference: str,
    note: str = "",
    version_number: int | None = None,
    actor=None,
) -> Award:
    """Record a subsidy awarded to ``plant`` under ``programme`` on ``certificate``.

    Refused when the actor may not award this plant (403), when the input is wrong or the
    plant is not eligible on ``decided_on`` with this certificate (400, every reason listed),
    or when the plant already has an award in effect under the programme (409).
    """
    _ensure_may_award(actor, plant)
    version, certificate = _resolve(programme, certificate, version_number)
    amount = _amount(amount_cny)
    problems = _award_problems(
        version, plant, certificate, amount, amount_cny, decided_on, reference or ""
    )
    if problems:
        raise ProblemsError(problems)
    try:
        with transaction.atomic():
            # Awards of one plant are recorded one at a time; the unique constraint backs it.
            Plant.objects.select_for_update().filter(pk=plant.pk).values_list("pk").first()
            if Award.objects.filter(
                programme_id=version.programme_id, plant=plant, annulled_at__isnull=True
            ).exists():
                raise _already_awarded(version, plant)
            award = Award.objects.create(
                programme_id=version.programme_id,
                version=version,
                plant=plant,
                certificate=certificate,
                amount_cny=amount.quantize(Decimal("0.01")),
                decided_on=decided_on,
                reference=reference.strip(),
                note=(note or "").strip(),
                recorded_by=_actor(actor),
            )
            record_event(
                "subsidies.award_recorded",
                award,
                actor=actor,
                plant_id=plant.pk,
                report_id=certificate.report_id,
                after=award_snapshot(award),
            )
    except IntegrityError:
        raise _already_awarded(version, plant) from None
    logger.info("award %s recorded: %s to plant %s", award.pk, version.programme.code, plant.code)
    return award


def annul_award(award: Award, *, reason: str, actor=None) -> Award:
    """Annul an award recorded in error (once, with a reason); the plant may be awarded again."""
    _ensure_may_award(actor, award.plant)
    if not (reason or "").strip():
        raise ProblemsError([Problem("required", field="reason")])
    with transaction.atomic():
        locked = (
            Award.objects.select_for_update()
            .select_related("programme", "version", "plant", "certificate")
            .get(pk=award.pk)
        )
        if locked.annulled_at is not None:
            raise SubsidyStateError(
                "award_annulled", date=timezone.localtime(locked.annulled_at).date()
            )
        before = award_snapshot(locked)
        locked.annulled_at = timezone.now()
        locked.annulled_by = _actor(actor)
        locked.annul_reason = reason.strip()
        locked.save(update_fields=["annulled_at", "annulled_by", "annul_reason"])
        record_event(
            "subsidies.award_annulled",
            locked,
            actor=actor,
            message=locked.annul_reason,
            plant_id=locked.plant_id,
            report_id=locked.certificate.report_id,
            before=before,
            after=award_snapshot(locked),
        )
    return locked
