"""The whole life of a report through the API, now with criteria sets and gate items.

choose sets -> submit -> computed and evaluated (gates pending: status pending) -> start
review -> approval refused while gates are pending -> gates decided one by one (each decision
re-evaluates) -> approve (the evaluations are pinned) -> nothing of it changes afterwards.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from factory_eval.core.models import ImmutableRowError
from factory_eval.evaluation.models import Evaluation, GateConfirmation
from factory_eval.reporting.editing import evidence_add
from factory_eval.reporting.models import EnergyReport
from factory_eval.reviews.models import ApprovedEvaluation, Review
from tests.api.test_workflow import WORKED_EXAMPLE
from tests.factories import make_plant, make_report
from tests.roles import PDF, SIP, SIP_GATES, client_for, load_shipped_criteria

ZHEJIANG = "zhejiang-2023"
# Offsets covering the worked example's 43,867.6 tCO2e: the SIP set's offset rule passes.
FULLY_OFFSET = {
    **WORKED_EXAMPLE,
    "offsets": [{"registry": "CCER", "quantity_tco2e": "43867.6", "retirement_date": "2023-03-01"}],
}


@pytest.fixture
def shipped_criteria(db):
    load_shipped_criteria()


def _submitted_report(cast, capture, sets, body=FULLY_OFFSET, code="JS-01"):
    """A report of organisation A with ``sets`` chosen, submitted and evaluated."""
    plant = make_plant(cast.org_a, code=code)
    manager = client_for(cast, "manager_a")
    report = manager.post("/api/v1/reports/", {"plant": plant.pk, **body}, format="json")
    assert report.status_code == 201, report.json()
    report_id = report.json()["id"]
    chosen = manager.put(
        f"/api/v1/reports/{report_id}/criteria/",
        {"criteria": [{"criteria_set": slug} for slug in sets]},
        format="json",
    )
    assert chosen.status_code == 200, chosen.json()
    with capture(execute=True):
        assert manager.post(f"/api/v1/reports/{report_id}/submit/").status_code == 200
    assert EnergyReport.objects.get(pk=report_id).status == "computed"
    return report_id


def _start_review(cast, report_id):
    started = client_for(cast, "reviewer").post(
        "/api/v1/reviews/", {"report": report_id}, format="json"
    )
    assert started.status_code == 201, started.json()
    return started.json()["id"]


def _decide(client, review_id, gate_id, state="confirmed", **extra):
    return client.post(
        f"/api/v1/reviews/{review_id}/gates/",
        {"gate_id": gate_id, "state": state, **extra},
        format="json",
    )


def test_full_workflow_with_criteria(
    cast, editions, shipped_criteria, django_capture_on_commit_callbacks
):
    manager = client_for(cast, "manager_a")
    reviewer = client_for(cast, "reviewer")
    report_id = _submitted_report(cast, django_capture_on_commit_callbacks, [SIP])

    # computed and evaluated in the submission task: the gates are pending, so the status is
    # pending (never a pass) and the level the plant would reach is shown as potential
    evaluations = manager.get("/api/v1/evaluations/", {"report": report_id}).json()
    assert evaluations["count"] == 1
    first = evaluations["results"][0]
    assert (
        first["criteria_set"],
        first["status"],
        first["level"],
        first["potential_level"],
        first["current"],
    ) == (SIP, "pending", None, "zero_carbon", True)

    review_id = _start_review(cast, report_id)
    checklist = reviewer.get(f"/api/v1/reviews/{review_id}/gates/").json()
    assert checklist["ready_for_approval"] is False
    assert checklist["pending"] == list(SIP_GATES)
    assert [item["gate_id"] for item in checklist["sets"][0]["gates"]] == list(SIP_GATES)
    assert checklist["sets"][0]["gates"][0]["title_zh"] == "先行自身减排，再抵消剩余排放"

    # approval refused while any gate item is pending: every one listed, in both languages
    refused = reviewer.post(f"/api/v1/reviews/{review_id}/approve/", {}, format="json")
    assert refused.status_code == 400
    assert [p["field"] for p in refused.json()["problems"]] == [
        f"gates.{gate_id}" for gate_id in SIP_GATES
    ]
    assert "still pending" in refused.json()["problems"][0]["message"]
    assert "Own reductions made before" in refused.json()["problems"][0]["message"]
    zh = client_for(cast, "reviewer", "zh-hans").post(
        f"/api/v1/reviews/{review_id}/approve/", {}, format="json"
    )
    assert zh.status_code == 400
    assert "仍待确认" in zh.json()["problems"][0]["message"]
    assert "先行自身减排" in zh.json()["problems"][0]["message"]
    assert Review.objects.get(pk=review_id).decision == "pending"

    # gate items decided one by one; each decision re-evaluates the report
    evidence_id = EnergyReport.objects.get(pk=report_id).evidence.first()
    for index, gate_id in enumerate(SIP_GATES):
        decided = _decide(
            reviewer,
            review_id,
            gate_id,
            comment="核实",
            evidence=(evidence_id.pk if evidence_id else None),
        )
        assert decided.status_code == 201, decided.json()
        body = decided.json()
        assert body["confirmation"]["gate_id"] == gate_id
        assert body["confirmation"]["confirmed_by_username"] == "reviewer"
        verdict = body["evaluations"][0]
        if index < len(SIP_GATES) - 1:
            assert verdict["status"] == "pending"
        else:
            assert (verdict["status"], verdict["level"], verdict["passed"]) == (
                "pass",
                "zero_carbon",
                True,
            )
    assert Evaluation.objects.filter(report_id=report_id).count() == 1 + len(SIP_GATES)
    # deciding the same again records the decision but evaluates to the stored verdict
    again = _decide(reviewer, review_id, SIP_GATES[-1])
    assert again.status_code == 201
    assert again.json()["evaluations"][0]["id"] == verdict["id"]
    assert Evaluation.objects.filter(report_id=report_id).count() == 1 + len(SIP_GATES)

    checklist = reviewer.get(f"/api/v1/reports/{report_id}/gates/").json()
    assert checklist["ready_for_approval"] is True
    assert checklist["summary"] == {
        "required": 3,
        "confirmed": 3,
        "pending": 0,
        "rejected": 0,
        "not_applicable": 0,
    }
    history = checklist["sets"][0]["gates"][2]["history"]
    assert [row["state"] for row in history] == ["confirmed", "confirmed"]
    assert checklist["sets"][0]["evaluation"]["id"] == verdict["id"]

    with django_capture_on_commit_callbacks(execute=True):
        approved = reviewer.post(
            f"/api/v1/reviews/{review_id}/approve/", {"comments": "通过"}, format="json"
        )
    assert approved.status_code == 200, approved.json()
    pinned = approved.json()["approved_evaluations"]
    assert len(pinned) == 1
    assert (
        pinned[0]["evaluation"],
        pinned[0]["criteria_set"],
        pinned[0]["level"],
        pinned[0]["status"],
        pinned[0]["provisional"],
    ) == (verdict["id"], SIP, "zero_carbon", "pass", True)
    evaluation = Evaluation.objects.get(pk=verdict["id"])
    assert pinned[0]["sha256"] == evaluation.criteria_version.sha256
    assert pinned[0]["result"] == Review.objects.get(pk=review_id).result_id
    assert list(Review.objects.get(pk=review_id).evaluations.all()) == [evaluation]
    notice = mail.outbox[-1].body  # the submitter learns the approved rating, both languages
    assert "批准的评价结果：\n- 苏州工业园区零碳工厂: 零碳工厂（暂定）" in notice
    assert (
        "Ratings approved:\n- Suzhou Industrial Park zero-carbon factory: Zero-carbon "
        "factory (provisional)" in notice
    )

    # after approval: the gates, the choice and the pinned rows are fixed
    closed = _decide(reviewer, review_id, SIP_GATES[0], "rejected", comment="再议")
    assert closed.status_code == 409 and closed.json()["code"] == "review_closed"
    frozen = manager.put(f"/api/v1/reports/{report_id}/criteria/", {"criteria": []}, format="json")
    assert frozen.status_code == 409 and frozen.json()["code"] == "criteria_not_editable"
    assert GateConfirmation.objects.filter(report_id=report_id).count() == 4

    # the audit trail tells the evaluation side of the story, in order
    trail = manager.get(f"/api/v1/reports/{report_id}/events/", {"page_size": 200}).json()[
        "results"
    ]
    actions = [item["action"] for item in trail]
    for expected in (
        "evaluation.criteria_chosen",
        "reporting.submitted",
        "accounting.result_stored",
        "evaluation.stored",
        "reviews.started",
        "evaluation.gate_confirmed",
        "reviews.evaluations_pinned",
        "reviews.approved",
    ):
        assert expected in actions, expected
    assert actions.index("evaluation.criteria_chosen") < actions.index("reporting.submitted")
    assert (
        actions.index("evaluation.gate_confirmed")
        < actions.index("reviews.evaluations_pinned")
        < actions.index("reviews.approved")
    )
    assert actions.count("evaluation.gate_confirmed") == 4
    decision = next(item for item in trail if item["action"] == "evaluation.gate_confirmed")
    assert decision["actor_username"] == "reviewer"
    assert decision["after"] == {
        "gate_id": SIP_GATES[0],
        "state": "confirmed",
        "evidence_id": None,
        "review_id": review_id,
    }
    assert decision["message"] == "核实"
    pin_event = next(item for item in trail if item["action"] == "reviews.evaluations_pinned")
    assert pin_event["after"]["evaluations"][0] | {"gate_states": None} == {
        "evaluation_id": verdict["id"],
        "criteria": SIP,
        "criteria_version_id": evaluation.criteria_version_id,
        "version_number": 1,
        "sha256": evaluation.criteria_version.sha256,
        "result_id": evaluation.result_id,
        "status": "pass",
        "level": "zero_carbon",
        "passed": True,
        "score": None,
        "provisional": True,
        "unverified_parameters": ["instruments", "grid_factor", "offsets"],
        "gate_states": None,
    }
    approved_event = next(item for item in trail if item["action"] == "reviews.approved")
    assert approved_event["after"]["approved_evaluations"] == [verdict["id"]]

    # a correction is a revision: it keeps the chosen sets, and its gates are decided afresh
    revision = manager.post(f"/api/v1/reports/{report_id}/revise/").json()
    criteria = manager.get(f"/api/v1/reports/{revision['id']}/criteria/").json()
    assert [item["criteria_set"] for item in criteria["chosen"]] == [SIP]
    gates = manager.get(f"/api/v1/reports/{revision['id']}/gates/").json()
    assert gates["pending"] == list(SIP_GATES)
    carried = manager.get(f"/api/v1/reports/{revision['id']}/events/").json()["results"]
    assert any(
        item["action"] == "evaluation.criteria_chosen"
        and item["after"]["carried_over_from"] == report_id
        for item in carried
    )


def test_pinned_evaluations_are_immutable_and_survive_new_evaluations(scenario, tmp_path):
    """A pinned row and the evaluation it names never change; a later criteria version adds
    new evaluations beside them, and the review still names the approved one."""
    review = scenario.review
    row = review.approved_evaluations.get()
    with pytest.raises(ImmutableRowError):
        row.save()
    with pytest.raises(ImmutableRowError):
        ApprovedEvaluation.objects.filter(pk=row.pk).update(evaluation=row.evaluation)
    with pytest.raises(ImmutableRowError):
        row.evaluation.delete()

    import shutil

    from factory_eval.evaluation.criteria_files import CRITERIA_DIR
    from factory_eval.evaluation.services import assess_report, load_criteria

    for path in CRITERIA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    changed = tmp_path / f"{SIP}.yaml"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("threshold: 1.0", "threshold: 0.9"),
        encoding="utf-8",
    )
    load_criteria(tmp_path)
    newer = assess_report(scenario.approved).evaluations[0]
    assert newer.pk != row.evaluation_id and newer.criteria_version.number == 2
    reviewer = client_for(scenario.cast, "officer_in")
    body = reviewer.get(f"/api/v1/reviews/{review.pk}/").json()
    assert [item["evaluation"] for item in body["approved_evaluations"]] == [row.evaluation_id]
    assert body["approved_evaluations"][0]["version_number"] == 1
    current = reviewer.get(
        "/api/v1/evaluations/", {"report": scenario.approved.pk, "current": "true"}
    ).json()["results"]
    assert [item["id"] for item in current] == [newer.pk]


def test_a_rejected_gate_lets_approval_through_with_the_consequence(
    cast, editions, shipped_criteria, django_capture_on_commit_callbacks
):
    """Rejected is a decision: approval goes ahead, the set whose gate was rejected gets no
    level, and the other set keeps its own rating."""
    reviewer = client_for(cast, "reviewer", "en")
    report_id = _submitted_report(cast, django_capture_on_commit_callbacks, [SIP, ZHEJIANG])
    review_id = _start_review(cast, report_id)
    checklist = reviewer.get(f"/api/v1/reviews/{review_id}/gates/").json()
    zhejiang_gates = [item["gate_id"] for item in checklist["sets"][1]["gates"]]
    assert checklist["summary"]["required"] == len(SIP_GATES) + len(zhejiang_gates)

    needs_reason = _decide(reviewer, review_id, SIP_GATES[0], "rejected")
    assert needs_reason.status_code == 400
    assert needs_reason.json()["problems"][0]["field"] == "comment"
    for gate_id in SIP_GATES:
        assert _decide(reviewer, review_id, gate_id).status_code == 201
    for gate_id in zhejiang_gates[1:]:
        assert (
            _decide(reviewer, review_id, gate_id, "not_applicable", comment="不适用").status_code
            == 201
        )
    last = _decide(reviewer, review_id, zhejiang_gates[0], "rejected", comment="2022 年受处罚")
    assert last.status_code == 201
    verdicts = {item["criteria_set"]: item for item in last.json()["evaluations"]}
    assert (verdicts[ZHEJIANG]["status"], verdicts[ZHEJIANG]["level"]) == ("fail", None)
    assert (verdicts[SIP]["status"], verdicts[SIP]["level"]) == ("pass", "zero_carbon")

    approved = reviewer.post(f"/api/v1/reviews/{review_id}/approve/", {}, format="json")
    assert approved.status_code == 200, approved.json()
    pinned = {item["criteria_set"]: item for item in approved.json()["approved_evaluations"]}
    assert (pinned[ZHEJIANG]["status"], pinned[ZHEJIANG]["level"]) == ("fail", None)
    assert (pinned[SIP]["status"], pinned[SIP]["level"]) == ("pass", "zero_carbon")
    detail = reviewer.get(f"/api/v1/evaluations/{pinned[ZHEJIANG]['evaluation']}/").json()
    line = next(item for item in detail["outcome"]["rules"] if item["id"] == zhejiang_gates[0])
    assert (line["actual"], line["passed"]) == ("rejected", False)
    assert detail["gate_states"][zhejiang_gates[0]] == "rejected"


def test_four_eyes_on_gate_decisions(
    cast, editions, shipped_criteria, django_capture_on_commit_callbacks
):
    from factory_eval.organisations.access import forget_access
    from factory_eval.organisations.models import Membership
    from tests.roles import make_user

    report_id = _submitted_report(cast, django_capture_on_commit_callbacks, [SIP])
    review_id = _start_review(cast, report_id)
    second = make_user("second_reviewer")
    Membership.objects.create(user=second, organisation=cast.association, role="reviewer")
    cast.users["second_reviewer"] = second
    refusals = {
        role: _decide(client_for(cast, role), review_id, SIP_GATES[0])
        for role in ("manager_a", "reviewer_a", "second_reviewer", "officer_in", "admin")
    }
    assert {
        role: (response.status_code, response.json()["code"]) for role, response in refusals.items()
    } == {
        "manager_a": (403, "not_a_reviewer"),
        "reviewer_a": (403, "own_organisation"),
        "second_reviewer": (403, "not_the_reviewer"),
        "officer_in": (403, "not_a_reviewer"),
        "admin": (403, "not_a_reviewer"),
    }
    assert not GateConfirmation.objects.filter(report_id=report_id).exists()

    reviewer = client_for(cast, "reviewer", "en")
    other = make_report(cast.org_a, code="JS-02")
    foreign = evidence_add(other, data=PDF, filename="x.pdf", actor=cast.user("manager_a"))
    bad = _decide(reviewer, review_id, "green_factory_title", "maybe")
    assert bad.status_code == 400
    assert {p["field"]: p["code"] for p in bad.json()["problems"]} == {"state": "invalid_choice"}
    not_required = _decide(reviewer, review_id, "green_factory_title")
    assert not_required.status_code == 400
    problem = not_required.json()["problems"][0]
    assert (problem["field"], problem["code"]) == ("gate_id", "gate_not_required")
    assert "not required by the criteria sets of this report" in problem["message"]
    zh = _decide(client_for(cast, "reviewer", "zh-hans"), review_id, "green_factory_title")
    assert (
        "本报告所选评价准则不要求门槛项“green_factory_title”" in zh.json()["problems"][0]["message"]
    )
    no_reason = _decide(
        client_for(cast, "reviewer", "zh-hans"), review_id, SIP_GATES[0], "not_applicable"
    )
    assert no_reason.json()["problems"][0]["message"] == "comment：必须填写"
    for evidence_id in (foreign.pk, 999_999):  # another report's evidence, or none at all
        refused = _decide(reviewer, review_id, SIP_GATES[0], evidence=evidence_id)
        assert refused.status_code == 400
        assert refused.json()["problems"][0]["field"] == "evidence"

    # the submitter, even holding the reviewer role, never decides their own submission
    Membership.objects.create(
        user=cast.user("manager_a"), organisation=cast.association, role="reviewer"
    )
    forget_access(cast.user("manager_a"))
    own = _decide(client_for(cast, "manager_a"), review_id, SIP_GATES[0])
    assert (own.status_code, own.json()["code"]) == (403, "own_organisation")


def test_returned_report_keeps_its_decisions_and_cited_evidence(
    cast, editions, shipped_criteria, django_capture_on_commit_callbacks
):
    """A return sends the report back with its gate decisions (the next review sees and may
    change them); evidence a decision cites cannot be deleted from the draft."""
    plant = make_plant(cast.org_a, code="JS-03")
    manager = client_for(cast, "manager_a", "en")
    report_id = manager.post(
        "/api/v1/reports/", {"plant": plant.pk, **FULLY_OFFSET}, format="json"
    ).json()["id"]
    evidence = manager.post(
        f"/api/v1/reports/{report_id}/evidence/",
        {"file": SimpleUploadedFile("承诺书.pdf", PDF), "kind": "declaration"},
        format="multipart",
    ).json()
    manager.put(
        f"/api/v1/reports/{report_id}/criteria/",
        {"criteria": [{"criteria_set": SIP}]},
        format="json",
    )
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(f"/api/v1/reports/{report_id}/submit/")
    review_id = _start_review(cast, report_id)
    reviewer = client_for(cast, "reviewer")
    decided = _decide(reviewer, review_id, "no_veto_items_3y", evidence=evidence["id"])
    assert decided.status_code == 201
    checklist = reviewer.get(f"/api/v1/reviews/{review_id}/gates/").json()
    item = next(
        gate for gate in checklist["sets"][0]["gates"] if gate["gate_id"] == "no_veto_items_3y"
    )
    assert item["evidence"]["original_name"] == "承诺书.pdf"
    assert [row["id"] for row in item["candidate_evidence"]] == [evidence["id"]]
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(f"/api/v1/reviews/{review_id}/return/", {"comments": "请补充"}, format="json")
    kept = manager.delete(f"/api/v1/reports/{report_id}/evidence/{evidence['id']}/")
    assert (kept.status_code, kept.json()["code"]) == (409, "evidence_in_use")
    assert "承诺书.pdf" in kept.json()["message"]
    assert manager.get(f"/api/v1/reports/{report_id}/gates/").json()["summary"]["confirmed"] == 1
