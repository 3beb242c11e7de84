"""Evaluating stored reports: chosen sets, gate confirmations, history, idempotent storage."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from factory_eval.accounting.models import AccountingResult
from factory_eval.audit.models import Event
from factory_eval.core.models import ImmutableRowError
from factory_eval.core.problems import ProblemsError
from factory_eval.evaluation.criteria_files import CRITERIA_DIR
from factory_eval.evaluation.models import Evaluation, GateConfirmation
from factory_eval.evaluation.selectors import gate_states, latest_evaluations
from factory_eval.evaluation.services import (
    assess_report,
    choose_criteria,
    confirm_gate,
    load_criteria,
)
from factory_eval.reporting.models import EnergyReport, Evidence, OffsetRetirement
from tests.factories import make_plant, make_report

IN_FORCE = [
    "iso-14068-1-2023",
    "suzhou-near-zero-2023",
    "suzhou-sip-zero-2026",
    "t-ceca-g-0171-2022",
    "zhejiang-2023",
]
SIP = "suzhou-sip-zero-2026"


def offsets(
    report: EnergyReport, tco2e: float, registry: str = "CCER", retired: dt.date | None = None
) -> None:
    OffsetRetirement.objects.create(
        report=report,
        registry=registry,
        quantity_tco2e=Decimal(str(tco2e)),
        retirement_date=retired,
    )


def by_slug(assessment) -> dict[str, Evaluation]:
    return {item.criteria_version.criteria_set.slug: item for item in assessment.evaluations}


def confirm_all(report: EnergyReport, slug: str, versions) -> None:
    for gate in versions[slug].document["gates"]:
        confirm_gate(report, gate["id"], "confirmed")


def test_default_is_every_set_in_force_and_storage_is_idempotent(
    editions, organisation, criteria_versions
):
    report = make_report(organisation)
    first = assess_report(report)
    assert sorted(by_slug(first)) == IN_FORCE  # PAS 2060 is withdrawn: only when chosen
    assert first.created == 5
    evaluation = by_slug(first)["zhejiang-2023"]
    assert evaluation.result == first.result
    assert evaluation.criteria_version == criteria_versions["zhejiang-2023"]
    assert evaluation.status == "fail" and evaluation.passed is False  # no offsets at all
    assert evaluation.gate_states == {
        gate["id"]: "pending" for gate in criteria_versions["zhejiang-2023"].document["gates"]
    }
    assert (
        evaluation.outcome["criteria_version"]["sha256"]
        == criteria_versions["zhejiang-2023"].sha256
    )
    assert evaluation.outcome["result_id"] == first.result.pk
    assert evaluation.provisional is True
    second = assess_report(report)
    assert second.created == 0
    assert [item.pk for item in second.evaluations] == [item.pk for item in first.evaluations]
    assert Evaluation.objects.count() == 5
    assert Event.objects.filter(action="evaluation.stored", report_id=report.pk).count() == 5


def test_chosen_sets_include_a_withdrawn_one(editions, organisation, criteria_versions):
    report = make_report(organisation)
    choose_criteria(report, ["pas-2060-2014", SIP])
    assert sorted(by_slug(assess_report(report))) == ["pas-2060-2014", SIP]
    with pytest.raises(ProblemsError) as refused:
        choose_criteria(report, ["no-such-set"])
    assert refused.value.problems[0].field == "criteria.0.criteria_set"
    event = Event.objects.filter(action="evaluation.criteria_chosen").get()
    assert event.after["criteria"] == ["pas-2060-2014", SIP]


def test_confirming_gates_turns_pending_into_a_pass(editions, organisation, criteria_versions):
    report = make_report(organisation)
    offsets(report, 43_867.6)
    choose_criteria(report, [SIP])
    pending = by_slug(assess_report(report))[SIP]
    assert pending.status == "pending"
    assert pending.outcome["potential_level"] == "zero_carbon"
    confirm_all(report, SIP, criteria_versions)
    passed = by_slug(assess_report(report))[SIP]
    assert passed.pk != pending.pk and passed.status == "pass" and passed.level == "zero_carbon"
    assert passed.result_id == pending.result_id  # same figures, new gate states
    pending.refresh_from_db()
    assert pending.status == "pending"  # the earlier verdict stays as written
    assert [item.pk for item in latest_evaluations(report)] == [passed.pk]


def test_confirm_gate_records_history_and_audit(
    editions, organisation, criteria_versions, django_user_model
):
    report = make_report(organisation)
    reviewer = django_user_model.objects.create_user("reviewer", password="x" * 12)
    evidence = Evidence.objects.create(
        report=report,
        kind="management",
        file=ContentFile(b"%PDF", name="title.pdf"),
        original_name="title.pdf",
        content_type="application/pdf",
        size_bytes=4,
        sha256="0" * 64,
    )
    confirm_gate(report, "green_factory_title", "pending", actor=reviewer)
    row = confirm_gate(
        report,
        "green_factory_title",
        "confirmed",
        actor=reviewer,
        evidence=evidence,
        comment="国家级绿色工厂 2021",
    )
    assert gate_states(report)["green_factory_title"] == "confirmed"
    assert GateConfirmation.objects.filter(report=report).count() == 2
    assert row.confirmed_by == reviewer and row.evidence == evidence
    event = Event.objects.filter(action="evaluation.gate_confirmed").last()
    assert event.actor == reviewer and event.before["state"] == "pending"
    assert event.after == {
        "gate_id": "green_factory_title",
        "state": "confirmed",
        "evidence_id": evidence.pk,
    }
    with pytest.raises(ImmutableRowError):
        row.delete()


def test_confirm_gate_refuses_bad_input_and_writes_nothing(
    editions, organisation, criteria_versions
):
    report = make_report(organisation)
    other = make_report(organisation, code="JS-02")
    foreign = Evidence.objects.create(
        report=other,
        file=ContentFile(b"x", name="x.pdf"),
        original_name="x.pdf",
        content_type="application/pdf",
        size_bytes=1,
        sha256="0" * 64,
    )
    with pytest.raises(ProblemsError) as refused:
        confirm_gate(report, "no_such_gate", "maybe", evidence=foreign)
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("state", "invalid_choice"),
        ("gate_id", "unknown_gate"),
        ("evidence", "evidence_other_report"),
    ]
    assert "no_such_gate" in refused.value.problems[1].message
    assert not GateConfirmation.objects.exists()


def test_earlier_periods_come_from_the_plants_earlier_reports(
    editions, organisation, criteria_versions
):
    plant = make_plant(organisation)
    y2021 = make_report(organisation, plant=plant, year=2021, natural_gas_m3=7_000_000)
    draft_2020 = make_report(organisation, plant=plant, year=2020, natural_gas_m3=9_000_000)
    EnergyReport.objects.filter(pk=y2021.pk).update(status=EnergyReport.Status.APPROVED)
    current = make_report(organisation, plant=plant, year=2022)
    offsets(current, 50_000)
    choose_criteria(
        current,
        ["pas-2060-2014", "iso-14068-1-2023"],
        first_period_years={"iso-14068-1-2023": 2021},
    )
    evaluations = by_slug(assess_report(current))
    pas = evaluations["pas-2060-2014"]
    assert [item["year"] for item in pas.earlier_results] == [2021]  # the draft is not a fact
    assert pas.earlier_results[0]["report_id"] == y2021.pk
    rule = next(line for line in pas.outcome["rules"] if line["id"] == "later_period_reduction")
    assert rule["passed"] is True and rule["detail"]["reference_year"] == 2021
    iso = evaluations["iso-14068-1-2023"]
    assert iso.first_period_year == 2021 and iso.outcome["periods"]["first_period_year"] == 2021
    # Sets without period rules read no history.
    assert by_slug(assess_report(current)) == evaluations
    assert draft_2020.results.count() == 0


def test_offset_lines_follow_the_sets_registry_rules(editions, organisation, criteria_versions):
    report = make_report(organisation)
    offsets(report, 40_000, registry="CCER", retired=dt.date(2023, 3, 1))
    offsets(report, 3_867.6, registry="other")
    choose_criteria(report, ["pas-2060-2014"])
    pas = by_slug(assess_report(report))["pas-2060-2014"]
    lines = pas.outcome["offsets"]["lines"]
    assert {line["registry"]: line["status"] for line in lines} == {
        "CCER": "counted",
        "other": "registry_not_eligible",
    }
    rule = next(line for line in pas.outcome["rules"] if line["id"] == "residual_offset_100")
    assert rule["actual"] == pytest.approx(40_000 / 43_867.6)


@pytest.fixture
def custom_policy_dir(tmp_path):
    """The SIP set with a pinned regional 2021 grid factor, and a set pinned to 2019."""
    text = (CRITERIA_DIR / "suzhou-sip-zero-2026.yaml").read_text(encoding="utf-8")
    (tmp_path / "suzhou-sip-zero-2026.yaml").write_text(
        text.replace(
            "  level: auto\n  data_year: latest_published\n",
            "  level: regional\n  data_year: fixed\n  year: 2021\n",
        ),
        encoding="utf-8",
    )
    zhejiang = (CRITERIA_DIR / "zhejiang-2023.yaml").read_text(encoding="utf-8")
    (tmp_path / "zhejiang-2023.yaml").write_text(
        zhejiang.replace("  data_year: latest_published\n", "  data_year: fixed\n  year: 2019\n"),
        encoding="utf-8",
    )
    shutil.copy(CRITERIA_DIR / "pas-2060-2014.yaml", tmp_path)
    return tmp_path


def test_a_sets_grid_policy_uses_a_result_computed_with_it(
    editions, organisation, custom_policy_dir
):
    load_criteria(custom_policy_dir)
    report = make_report(organisation)
    choose_criteria(report, [SIP, "pas-2060-2014", "zhejiang-2023"])
    assessment = assess_report(report)
    evaluations = by_slug(assessment)
    assert evaluations["pas-2060-2014"].result == assessment.result
    sip = evaluations[SIP]
    assert sip.result != assessment.result
    assert sip.result.options["grid_factor_level"] == "regional"
    assert sip.result.options["factor_year"] == 2021
    assert sip.outcome["result_options"] == sip.result.options
    assert sip.result.document["grid_factor"]["area"] == "华东"
    # No grid factor is published for 2019: that set is skipped and named, others go on.
    assert assessment.skipped == [
        {"criteria": "zhejiang-2023", "reason": "no grid emission factor for its year and place"}
    ]
    assert AccountingResult.objects.filter(report=report).count() == 2
    assert assess_report(report).created == 0


def test_a_new_criteria_version_gets_a_new_evaluation_and_the_old_one_stays(
    editions, organisation, criteria_versions, tmp_path
):
    report = make_report(organisation)
    choose_criteria(report, [SIP])
    old = by_slug(assess_report(report))[SIP]
    for path in CRITERIA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    path = tmp_path / "suzhou-sip-zero-2026.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("threshold: 1.0", "threshold: 0.9"),
        encoding="utf-8",
    )
    load_criteria(tmp_path)
    new = by_slug(assess_report(report))[SIP]
    assert new.pk != old.pk and new.criteria_version.number == 2
    old.refresh_from_db()
    assert old.criteria_version.number == 1
    assert old.criteria_version.document["rules"][0]["threshold"] == 1.0
