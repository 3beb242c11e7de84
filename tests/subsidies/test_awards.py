"""Eligibility from real certificates, and recording awards (once per programme and plant)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from factory_eval.audit.models import Event
from factory_eval.certificates import services as certificates
from factory_eval.core.errors import NotAllowedError
from factory_eval.core.problems import ProblemsError
from factory_eval.subsidies import selectors, services
from factory_eval.subsidies.messages import SubsidyStateError
from factory_eval.subsidies.models import Award
from tests.certificate_issuing import inputs_for, issue

TODAY = timezone.localdate()
RECENTLY = timezone.now() - timedelta(days=30)


@pytest.fixture
def changshu(result_in, cast, programmes):
    """A Changshu plant of organisation A holding a Suzhou near-zero certificate."""
    result = result_in(cast.org_a, "JS-CS", district="常熟")
    return issue(result, issued_at=RECENTLY)


def _eligible_codes(row) -> list[str]:
    return [item.programme.code for item in row.eligibility.eligible]


def _reasons(row, code: str) -> list[str]:
    return next(
        list(item.codes) for item in row.eligibility.not_eligible if item.programme.code == code
    )


def test_plants_eligible_by_district_city_and_province(changshu, result_in, cast):
    kunshan = issue(result_in(cast.org_a, "JS-KS", district="昆山市"), issued_at=RECENTLY)
    suzhou = issue(result_in(cast.org_a, "JS-SZ", district=""), issued_at=RECENTLY)
    changzhou = issue(
        result_in(cast.org_b, "JS-CZ", city="常州市", district="武进"),
        "t-ceca-g-0171-2022",
        "five_star",
        issued_at=RECENTLY,
    )
    rows = {row.plant.code: row for row in selectors.eligibility_list(cast.user("admin"))}
    assert _eligible_codes(rows["JS-CS"]) == ["changshu-near-zero"]
    assert _reasons(rows["JS-CS"], "kunshan-2024-near-zero") == ["outside_district"]
    assert _eligible_codes(rows["JS-KS"]) == ["kunshan-2024-near-zero"]
    assert _eligible_codes(rows["JS-SZ"]) == []
    assert _reasons(rows["JS-SZ"], "changshu-near-zero") == ["plant_district_unknown"]
    assert _eligible_codes(rows["JS-CZ"]) == ["changzhou-2025-provincial-zero"]
    assert _reasons(rows["JS-CZ"], "changzhou-2025-municipal-near-zero") == [
        "no_accepted_recognition"
    ]
    assert _reasons(rows["JS-CZ"], "changshu-near-zero") == ["outside_city"]
    eligible = rows["JS-CZ"].eligibility.eligible[0]
    assert eligible.certificate.serial == changzhou.serial
    assert eligible.max_award_cny == Decimal("1000000")
    # the worked example's energy figure rests on an unverified coal coefficient
    assert changzhou.provisional
    assert {reason.code for reason in eligible.provisional_reasons} == {
        "recognition_map_unverified",
        "programme_dates_from_issue",
        "certificate_provisional",
    }
    assert rows["JS-KS"].eligibility.eligible[0].certificate.serial == kunshan.serial
    assert suzhou.serial not in {
        item.certificate.serial for row in rows.values() for item in row.eligibility.eligible
    }
    # Zhejiang and Shanghai programmes are not listed for Jiangsu plants
    assert all(
        item.programme.province_code == "32"
        for row in rows.values()
        for item in row.eligibility.not_eligible
    )


def test_revoked_superseded_and_expired_certificates(changshu, result_in, cast):
    admin = cast.user("admin")
    certificates.revoke_certificate(changshu, reason="evidence forged", actor=admin)
    row = selectors.plant_eligibility(admin, changshu.plant_id)
    assert _reasons(row, "changshu-near-zero") == ["certificate_revoked"]
    before = selectors.plant_eligibility(
        admin, changshu.plant_id, on=(RECENTLY + timedelta(days=1)).date()
    )
    assert _eligible_codes(before) == ["changshu-near-zero"]  # valid until it was revoked

    kunshan = issue(result_in(cast.org_a, "JS-KS", district="昆山"), issued_at=RECENTLY)
    replacement = certificates.supersede_certificate(
        kunshan,
        inputs_for(kunshan.result, reviewer="李复核"),
        reason="typo in the name",
        actor=admin,
    )
    row = selectors.plant_eligibility(admin, kunshan.plant_id)
    assert row.eligibility.eligible[0].certificate.serial == replacement.serial
    assert kunshan.serial != replacement.serial

    short = issue(
        result_in(cast.org_a, "JS-KS2", district="昆山"),
        issued_at=RECENTLY,
        valid_until=TODAY - timedelta(days=1),
    )
    row = selectors.plant_eligibility(admin, short.plant_id)
    assert _reasons(row, "kunshan-2024-near-zero") == ["certificate_expired"]


def test_eligible_only_lists_exactly_the_plants_with_an_eligible_programme(
    changshu, result_in, cast
):
    issue(result_in(cast.org_a, "JS-KS", district="昆山"), issued_at=RECENTLY)
    issue(
        result_in(cast.org_a, "JS-KS-OLD", district="昆山"),
        issued_at=RECENTLY,
        valid_until=TODAY - timedelta(days=1),
    )
    result_in(cast.org_a, "JS-KS-NONE", district="昆山")  # computed, never certified
    revoked = issue(result_in(cast.org_a, "JS-CS-REVOKED", district="常熟"), issued_at=RECENTLY)
    certificates.revoke_certificate(revoked, reason="evidence forged", actor=cast.user("admin"))
    for user in (cast.user("admin"), cast.user("officer_in")):
        every = selectors.eligibility_list(user)
        eligible = selectors.eligibility_list(user, eligible_only=True)
        assert {"JS-KS-OLD", "JS-KS-NONE", "JS-CS-REVOKED"} <= {row.plant.code for row in every}
        assert [row.plant.code for row in eligible] == [
            row.plant.code for row in every if row.eligibility.eligible
        ]
        assert {row.plant.code for row in eligible} == {"JS-CS", "JS-KS"}
    # a later date: the certificates have run out, and the narrowing agrees with the rules
    later = TODAY + timedelta(days=3 * 365)
    assert selectors.eligibility_list(cast.user("admin"), later, eligible_only=True) == []


def _award(held, actor, **changes):
    values = {
        "programme": "changshu-near-zero",
        "plant": held.plant,
        "certificate": held.serial,
        "amount_cny": "450000",
        "decided_on": TODAY,
        "reference": "常财〔2026〕8号",
        "actor": actor,
    }
    values.update(changes)
    return services.record_award(**values)


@pytest.fixture
def officer(cast):
    return cast.user("officer_in")  # Jiangsu, Suzhou


def test_an_officer_records_an_award_once(changshu, officer, cast):
    award = _award(changshu, officer)
    assert award.amount_cny == Decimal("450000.00") and award.recorded_by == officer
    assert award.version.number == 1 and award.certificate == changshu
    event = Event.objects.get(action="subsidies.award_recorded")
    assert event.after["reference"] == "常财〔2026〕8号" and event.plant_id == changshu.plant_id
    row = selectors.plant_eligibility(officer, changshu.plant_id)
    assert _eligible_codes(row) == []
    assert _reasons(row, "changshu-near-zero") == ["already_awarded"]
    with pytest.raises(SubsidyStateError) as refused:
        _award(changshu, cast.user("admin"), reference="another")
    assert refused.value.code == "already_awarded" and refused.value.status == 409
    assert Award.objects.count() == 1


def test_the_database_refuses_a_second_award_in_effect(changshu, officer):
    award = _award(changshu, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            programme=award.programme,
            version=award.version,
            plant=award.plant,
            certificate=changshu,
            amount_cny=1,
            decided_on=TODAY,
            reference="bypass",
        )


def test_annulled_award_reopens_the_programme(changshu, officer, cast):
    award = _award(changshu, officer)
    services.annul_award(award, reason="entered for the wrong plant", actor=officer)
    with pytest.raises(SubsidyStateError):
        services.annul_award(award, reason="again", actor=officer)
    again = _award(changshu, cast.user("admin"), amount_cny="500000")
    assert again.pk != award.pk
    assert [
        event.action
        for event in Event.objects.filter(action__startswith="subsidies.award").order_by("id")
    ] == ["subsidies.award_recorded", "subsidies.award_annulled", "subsidies.award_recorded"]


@pytest.mark.parametrize(
    ("changes", "codes"),
    [
        ({"amount_cny": "500000.01"}, ["award_amount_above_maximum"]),
        ({"amount_cny": "0"}, ["award_amount_not_positive"]),
        ({"decided_on": TODAY + timedelta(days=1)}, ["award_decided_in_future"]),
        ({"reference": "  "}, ["required"]),
        ({"programme": "kunshan-2024-near-zero"}, ["outside_district"]),
        ({"programme": "changzhou-2025-municipal-near-zero"}, ["outside_city"]),
        ({"programme": "no-such"}, ["unknown_programme"]),
        ({"certificate": "ZC2026-NOPE-NOPE-NOPE"}, ["unknown_certificate"]),
        ({"decided_on": date(2020, 1, 1)}, ["certificate_not_yet_issued"]),
    ],
)
def test_award_refusals_name_every_problem(changshu, officer, changes, codes):
    with pytest.raises(ProblemsError) as refused:
        _award(changshu, officer, **changes)
    assert [problem.code for problem in refused.value.problems] == codes
    assert Award.objects.count() == 0


def test_certificate_of_another_plant_is_refused(changshu, result_in, cast, officer):
    other = issue(result_in(cast.org_a, "JS-CS2", district="常熟"), issued_at=RECENTLY)
    with pytest.raises(ProblemsError) as refused:
        _award(changshu, officer, certificate=other.serial)
    assert [problem.code for problem in refused.value.problems] == ["award_certificate_other_plant"]


def test_a_revoked_certificate_cannot_be_paid_on(changshu, officer, cast):
    certificates.revoke_certificate(changshu, reason="withdrawn", actor=cast.user("admin"))
    with pytest.raises(ProblemsError) as refused:
        _award(changshu, officer)
    assert [problem.code for problem in refused.value.problems] == ["certificate_revoked"]
    with translation.override("en"):
        assert "was revoked on" in refused.value.problems[0].message
    with translation.override("zh-hans"):
        assert "已于" in refused.value.problems[0].message


def test_who_may_record(changshu, cast):
    for role in ("manager_a", "reviewer"):
        with pytest.raises(NotAllowedError) as refused:
            _award(changshu, cast.user(role))
        assert refused.value.code == "not_an_award_recorder"
    with pytest.raises(NotAllowedError) as outside:
        _award(changshu, cast.user("officer_out"))  # Shanghai
    assert outside.value.code == "outside_jurisdiction" and outside.value.status == 403
    assert Award.objects.count() == 0


def test_officers_see_only_their_jurisdiction(changshu, result_in, cast):
    shanghai = issue(
        result_in(
            cast.org_b,
            "SH-JD",
            province_code="31",
            city="上海",
            district="嘉定",
            grid_region_zh="华东",
        ),
        issued_at=RECENTLY,
    )
    _award(changshu, cast.user("officer_in"))
    inside = {row.plant.code for row in selectors.eligibility_list(cast.user("officer_in"))}
    outside = {row.plant.code for row in selectors.eligibility_list(cast.user("officer_out"))}
    assert inside == {"JS-CS"} and outside == {"SH-JD"}
    assert selectors.plant_eligibility(cast.user("officer_out"), changshu.plant_id) is None
    assert selectors.visible_awards(cast.user("officer_out")).count() == 0
    assert selectors.visible_awards(cast.user("officer_in")).count() == 1
    assert selectors.visible_awards(cast.user("manager_a")).count() == 1  # their plant
    assert selectors.visible_awards(cast.user("manager_b")).count() == 0
    jiading = selectors.plant_eligibility(cast.user("officer_out"), shanghai.plant_id)
    assert _reasons(jiading, "jiading-2024-municipal-zero") == ["no_accepted_recognition"]
