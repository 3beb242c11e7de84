"""Eligibility as plain dicts (messages in the active language): the API's body, a page's data."""

from __future__ import annotations

from typing import Any

from factory_eval.subsidies.eligibility import Eligible, NotEligible, ProgrammeTerms
from factory_eval.subsidies.messages import reasons_as_dicts
from factory_eval.subsidies.selectors import PlantEligibilityRow


def _programme(terms: ProgrammeTerms) -> dict[str, Any]:
    return {
        "code": terms.code,
        "version": terms.version_number,
        "policy_name": terms.policy_name,
        "jurisdiction": {
            "province_code": terms.province_code,
            "province": terms.province_name,
            "city": terms.city,
            "district": terms.district,
        },
        "max_award_cny": f"{terms.max_award_cny:.2f}",
    }


def eligible_as_dict(outcome: Eligible) -> dict[str, Any]:
    certificate = outcome.certificate
    return {
        "programme": _programme(outcome.programme),
        "max_award_cny": f"{outcome.max_award_cny:.2f}",
        "certificate": {
            "serial": certificate.serial,
            "criteria": certificate.criteria,
            "level": certificate.level,
            "valid_until": certificate.valid_until.isoformat(),
            "provisional": certificate.provisional,
        },
        "provisional": outcome.provisional,
        "provisional_reasons": reasons_as_dicts(outcome.provisional_reasons),
    }


def not_eligible_as_dict(outcome: NotEligible) -> dict[str, Any]:
    return {
        "programme": _programme(outcome.programme),
        "reasons": reasons_as_dicts(outcome.reasons),
    }


def eligibility_as_dict(row: PlantEligibilityRow) -> dict[str, Any]:
    plant = row.plant
    result = row.eligibility
    return {
        "plant": {
            "id": plant.pk,
            "code": plant.code,
            "name_zh": plant.name_zh,
            "name_en": plant.name_en,
            "organisation": plant.organisation.name_zh,
            "province_code": plant.province_code,
            "city": plant.city,
            "district": plant.district,
            "plant_type": plant.plant_type,
        },
        "on": result.on.isoformat(),
        "eligible": [eligible_as_dict(item) for item in result.eligible],
        "not_eligible": [not_eligible_as_dict(item) for item in result.not_eligible],
        "total_max_award_cny": f"{result.total_max_award_cny:.2f}",
        "awards": [
            {
                "id": award.pk,
                "programme": award.programme.code,
                "amount_cny": f"{award.amount_cny:.2f}",
                "decided_on": award.decided_on.isoformat(),
                "reference": award.reference,
                "certificate": award.certificate.serial,
            }
            for award in row.awards
        ],
    }
