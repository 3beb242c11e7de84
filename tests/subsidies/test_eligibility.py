"""The eligibility rules on plain data (no database): boundaries, certificate states, dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from factory_eval.subsidies.eligibility import (
    AwardFacts,
    CertificateFacts,
    Eligible,
    NotEligible,
    PlantPlace,
    ProgrammeTerms,
    Recognition,
    assess_plant,
    assess_programme,
    certificate_state,
)

ON = date(2026, 6, 1)
NEAR_ZERO = Recognition("suzhou-near-zero-2023", "near_zero", "unverified", "operator's reading")


def programme(code="changshu", city="苏州", district="常熟", accepted=(NEAR_ZERO,), **changes):
    values = {
        "code": code,
        "version_id": 1,
        "version_number": 1,
        "policy_name": "政策",
        "province_code": "32",
        "city": city,
        "district": district,
        "accepted": accepted,
        "max_award_cny": Decimal("500000"),
        "in_force_from": date(2024, 1, 1),
        "in_force_until": None,
        "dates_basis": "stated",
        "confidence": "as reported",
        "province_name": "江苏",
    }
    values.update(changes)
    return ProgrammeTerms(**values)


def certificate(
    plant_id=1, serial="ZC2025-AAAA", criteria="suzhou-near-zero-2023", level="near_zero", **changes
):
    values = {
        "id": hash(serial) % 1000,
        "serial": serial,
        "plant_id": plant_id,
        "criteria": criteria,
        "level": level,
        "issued_on": date(2026, 1, 10),
        "valid_until": date(2027, 1, 10),
    }
    values.update(changes)
    return CertificateFacts(**values)


def plant(city="苏州", district="常熟", province="32", plant_id=1):
    return PlantPlace(plant_id, province, city, district)


def codes(outcome) -> list[str]:
    assert isinstance(outcome, NotEligible), outcome
    return list(outcome.codes)


def test_eligible_names_the_amount_and_the_certificate():
    outcome = assess_programme(plant(), programme(), [certificate()], None, ON)
    assert isinstance(outcome, Eligible)
    assert outcome.max_award_cny == Decimal("500000")
    assert outcome.certificate.serial == "ZC2025-AAAA"
    assert [reason.code for reason in outcome.provisional_reasons] == ["recognition_map_unverified"]


@pytest.mark.parametrize(
    ("area", "place", "expected"),
    [
        # district programme: that district only, not the rest of the city
        (("苏州", "常熟"), ("苏州", "常熟"), None),
        (("苏州", "常熟"), ("苏州市", "常熟市"), None),
        (("苏州", "常熟"), ("苏州", "昆山"), "outside_district"),
        (("苏州", "常熟"), ("苏州", ""), "plant_district_unknown"),
        (("苏州", "常熟"), ("无锡", "江阴"), "outside_city"),
        # city programme: all its districts, nothing outside the city
        (("常州", ""), ("常州", "武进"), None),
        (("常州", ""), ("常州", ""), None),
        (("常州", ""), ("苏州", "常熟"), "outside_city"),
        (("常州", ""), ("", ""), "plant_city_unknown"),
        # province programme: the whole province
        (("", ""), ("南京", "江宁"), None),
    ],
)
def test_jurisdiction_boundaries(area, place, expected):
    terms = programme(city=area[0], district=area[1])
    outcome = assess_programme(plant(*place), terms, [certificate()], None, ON)
    if expected is None:
        assert isinstance(outcome, Eligible)
    else:
        assert codes(outcome) == [expected]


def test_another_province_is_outside_and_left_out_of_the_plant_list_by_default():
    shanghai = programme(
        code="jiading", city="上海", district="嘉定", province_code="31", province_name="上海"
    )
    outcome = assess_programme(plant(), shanghai, [certificate()], None, ON)
    assert codes(outcome) == ["outside_province"]
    assert outcome.reasons[0].params == {"province": "上海"}
    result = assess_plant(plant(), [programme(), shanghai], [certificate()], [], ON)
    assert [item.programme.code for item in result.eligible] == ["changshu"]
    assert result.not_eligible == ()
    everything = assess_plant(
        plant(), [programme(), shanghai], [certificate()], [], ON, other_provinces=True
    )
    assert [item.programme.code for item in everything.not_eligible] == ["jiading"]


@pytest.mark.parametrize(
    ("changes", "state"),
    [
        ({}, "valid"),
        ({"valid_until": date(2026, 5, 31)}, "expired"),
        ({"valid_until": ON}, "valid"),  # valid through its last day
        ({"issued_on": date(2026, 6, 2)}, "not_yet_issued"),
        ({"withdrawn": "revoked", "withdrawn_on": date(2026, 5, 1)}, "revoked"),
        ({"withdrawn": "revoked", "withdrawn_on": date(2026, 7, 1)}, "valid"),  # revoked later
        ({"withdrawn": "superseded", "withdrawn_on": ON}, "superseded"),
        # revoked outranks expired: it says why the certificate no longer holds
        (
            {
                "withdrawn": "revoked",
                "withdrawn_on": date(2026, 5, 1),
                "valid_until": date(2026, 5, 2),
            },
            "revoked",
        ),
    ],
)
def test_certificate_states_on_the_date_of_the_check(changes, state):
    assert certificate_state(certificate(**changes), ON) == state


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"valid_until": date(2026, 5, 31)}, "certificate_expired"),
        ({"withdrawn": "revoked", "withdrawn_on": date(2026, 5, 1)}, "certificate_revoked"),
        ({"withdrawn": "superseded", "withdrawn_on": date(2026, 5, 1)}, "certificate_superseded"),
        ({"issued_on": date(2026, 7, 1)}, "certificate_not_yet_issued"),
    ],
)
def test_a_withdrawn_or_expired_certificate_is_the_reason(changes, code):
    outcome = assess_programme(plant(), programme(), [certificate(**changes)], None, ON)
    assert codes(outcome) == [code]
    assert outcome.reasons[0].params["serial"] == "ZC2025-AAAA"


def test_a_superseded_certificate_gives_way_to_its_valid_replacement():
    old = certificate(serial="OLD", withdrawn="superseded", withdrawn_on=date(2026, 3, 1))
    new = certificate(serial="NEW", issued_on=date(2026, 3, 1), valid_until=date(2027, 3, 1))
    outcome = assess_programme(plant(), programme(), [old, new], None, ON)
    assert isinstance(outcome, Eligible) and outcome.certificate.serial == "NEW"


def test_the_longest_valid_certificate_is_the_one_named():
    short = certificate(serial="SHORT", valid_until=date(2026, 12, 31))
    long = certificate(serial="LONG", valid_until=date(2027, 6, 30))
    outcome = assess_programme(plant(), programme(), [short, long], None, ON)
    assert outcome.certificate.serial == "LONG"


def test_wrong_level_other_plant_or_no_certificate():
    wrong_level = certificate(criteria="t-ceca-g-0171-2022", level="five_star")
    others = certificate(plant_id=2)
    for held in ([wrong_level], [others], []):
        outcome = assess_programme(plant(), programme(), held, None, ON)
        assert codes(outcome) == ["no_certificate"]
        assert outcome.reasons[0].params == {"accepted": "suzhou-near-zero-2023/near_zero"}


def test_programme_not_yet_or_no_longer_in_force():
    early = assess_programme(
        plant(), programme(in_force_from=date(2026, 6, 2)), [certificate()], None, ON
    )
    assert codes(early) == ["programme_not_yet_in_force"]
    late = assess_programme(
        plant(), programme(in_force_until=date(2026, 5, 31)), [certificate()], None, ON
    )
    assert codes(late) == ["programme_no_longer_in_force"]
    last_day = assess_programme(plant(), programme(in_force_until=ON), [certificate()], None, ON)
    assert isinstance(last_day, Eligible)


def test_already_awarded_closes_the_programme_to_the_plant():
    award = AwardFacts("changshu", 1, "常财〔2026〕12号", date(2026, 5, 1), Decimal("400000"))
    outcome = assess_programme(plant(), programme(), [certificate()], award, ON)
    assert codes(outcome) == ["already_awarded"]
    assert outcome.reasons[0].params["reference"] == "常财〔2026〕12号"
    result = assess_plant(
        plant(),
        [programme(), programme(code="kunshan", district="昆山")],
        [certificate()],
        [award],
        ON,
    )
    assert result.eligible == ()
    assert [item.programme.code for item in result.not_eligible] == ["changshu", "kunshan"]
    other_plant = assess_plant(
        plant(plant_id=2), [programme()], [certificate(plant_id=2)], [award], ON
    )
    assert [item.programme.code for item in other_plant.eligible] == ["changshu"]


def test_a_programme_without_accepted_recognitions_is_never_eligible():
    terms = programme(accepted=(), recognition_note="no Changzhou rule among our sets")
    outcome = assess_programme(plant(), terms, [certificate()], None, ON)
    assert codes(outcome) == ["no_accepted_recognition"]
    assert outcome.reasons[0].params["note"] == "no Changzhou rule among our sets"


def test_every_reason_is_listed_not_just_the_first():
    award = AwardFacts("changshu", 1, "R1", date(2026, 1, 1), Decimal("1"))
    outcome = assess_programme(
        plant(),
        programme(in_force_until=date(2026, 1, 1)),
        [certificate(valid_until=date(2026, 2, 1))],
        award,
        ON,
    )
    assert codes(outcome) == [
        "programme_no_longer_in_force",
        "already_awarded",
        "certificate_expired",
    ]


def test_provisional_reasons_say_what_is_unverified():
    terms = programme(confidence="unverified", dates_basis="issued_month", issued="2024-07")
    outcome = assess_programme(plant(), terms, [certificate(provisional=True)], None, ON)
    assert [reason.code for reason in outcome.provisional_reasons] == [
        "recognition_map_unverified",
        "programme_unverified",
        "programme_dates_from_issue",
        "certificate_provisional",
    ]
    verified = programme(
        accepted=(
            Recognition(
                "suzhou-near-zero-2023", "near_zero", "official", "confirmed by the bureau"
            ),
        )
    )
    clean = assess_programme(plant(), verified, [certificate()], None, ON)
    assert clean.provisional_reasons == () and not clean.provisional
    unknown = assess_programme(plant(), programme(dates_basis="unknown"), [certificate()], None, ON)
    assert "programme_dates_unknown" in [reason.code for reason in unknown.provisional_reasons]


def test_total_of_the_maximum_awards():
    terms = [programme(), programme(code="suzhou", district="", max_award_cny=Decimal("250000.50"))]
    result = assess_plant(plant(), terms, [certificate()], [], ON)
    assert result.total_max_award_cny == Decimal("750000.50")
