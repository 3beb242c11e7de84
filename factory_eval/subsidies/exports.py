"""The eligibility list and the awards as tables (CSV/XLSX through ``core.exports``).

Headers are in the reader's language (officers read them in a spreadsheet). Plant and
organisation names come from users, so every export goes through ``core.exports.table_bytes``,
which defuses text a spreadsheet would run as a formula.
"""

from __future__ import annotations

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from factory_eval.subsidies.eligibility import Eligible
from factory_eval.subsidies.messages import reason_message
from factory_eval.subsidies.selectors import PlantEligibilityRow

PLANT_COLUMNS = {
    "plant_code": _("Plant code"),
    "plant": _("Plant"),
    "plant_en": _("Plant (English)"),
    "organisation": _("Organisation"),
    "province": _("Province (GB/T 2260)"),
    "city": _("City"),
    "district": _("District"),
}
ELIGIBILITY_COLUMNS = PLANT_COLUMNS | {
    "on": _("Checked on"),
    "programme": _("Programme"),
    "version": _("Programme version"),
    "policy": _("Policy"),
    "status": _("Status"),
    "max_award": _("Maximum award (CNY)"),
    "certificate": _("Certificate"),
    "criteria": _("Criteria set"),
    "level": _("Level"),
    "valid_until": _("Valid until"),
    "provisional": _("Provisional because"),
    "not_eligible": _("Not eligible because"),
}
AWARD_COLUMNS = PLANT_COLUMNS | {
    "programme": _("Programme"),
    "version": _("Programme version"),
    "policy": _("Policy"),
    "certificate": _("Certificate"),
    "amount": _("Amount (CNY)"),
    "max_award": _("Maximum award (CNY)"),
    "decided_on": _("Decision date"),
    "reference": _("Reference number"),
    "note": _("Note"),
    "recorded_by": _("Recorded by"),
    "recorded_at": _("Recorded at"),
    "annulled_at": _("Annulled at"),
    "annul_reason": _("Reason for annulment"),
}


def _plant(plant) -> dict:
    return {
        "plant_code": plant.code,
        "plant": plant.name_zh,
        "plant_en": plant.name_en,
        "organisation": plant.organisation.name_zh,
        "province": plant.province_code,
        "city": plant.city,
        "district": plant.district,
    }


def _frame(records: list[dict], columns: dict) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=list(columns))
    return frame.rename(columns={key: str(label) for key, label in columns.items()})


def _local(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def eligibility_frame(
    rows: list[PlantEligibilityRow], *, include_not_eligible: bool = False
) -> pd.DataFrame:
    """One row per plant and eligible programme (and per other programme if asked)."""
    records = []
    for row in rows:
        outcomes = list(row.eligibility.eligible)
        if include_not_eligible:
            outcomes += list(row.eligibility.not_eligible)
        for outcome in outcomes:
            programme = outcome.programme
            record = _plant(row.plant) | {
                "on": row.eligibility.on.isoformat(),
                "programme": programme.code,
                "version": programme.version_number,
                "policy": programme.policy_name,
            }
            if isinstance(outcome, Eligible):
                certificate = outcome.certificate
                record |= {
                    "status": str(
                        _("Eligible (provisional)") if outcome.provisional else _("Eligible")
                    ),
                    "max_award": float(programme.max_award_cny),
                    "certificate": certificate.serial,
                    "criteria": certificate.criteria,
                    "level": certificate.level,
                    "valid_until": certificate.valid_until.isoformat(),
                    "provisional": "; ".join(
                        reason_message(reason) for reason in outcome.provisional_reasons
                    ),
                }
            else:
                record |= {
                    "status": str(_("Not eligible")),
                    "not_eligible": "; ".join(reason_message(reason) for reason in outcome.reasons),
                }
            records.append(record)
    return _frame(records, ELIGIBILITY_COLUMNS)


def awards_frame(awards) -> pd.DataFrame:
    records = [
        _plant(award.plant)
        | {
            "programme": award.programme.code,
            "version": award.version.number,
            "policy": award.version.policy_name,
            "certificate": award.certificate.serial,
            "amount": float(award.amount_cny),
            "max_award": float(award.version.max_award_cny),
            "decided_on": award.decided_on.isoformat(),
            "reference": award.reference,
            "note": award.note,
            "recorded_by": award.recorded_by.username if award.recorded_by_id else "",
            "recorded_at": _local(award.recorded_at),
            "annulled_at": _local(award.annulled_at),
            "annul_reason": award.annul_reason,
        }
        for award in awards
    ]
    return _frame(records, AWARD_COLUMNS)


def export_stem(kind: str) -> str:
    return f"{kind}-{timezone.localtime().strftime('%Y%m%d-%H%M%S')}"
