"""Criteria sets and versions, the sets chosen for a report, evaluations and the gate
checklist over the API: contents, filters, visibility and refusals in both languages."""

from __future__ import annotations

from factory_eval.evaluation.models import CriteriaVersion, Evaluation
from tests.roles import SIP, SIP_GATES, client_for


def test_criteria_sets_and_versions_are_readable(scenario):
    client = client_for(scenario.cast, "officer_out")
    sets = client.get("/api/v1/criteria-sets/", {"ordering": "slug"}).json()
    assert [item["slug"] for item in sets["results"]] == [
        "iso-14068-1-2023",
        "pas-2060-2014",
        "suzhou-near-zero-2023",
        SIP,
        "t-ceca-g-0171-2022",
        "zhejiang-2023",
    ]
    in_force = client.get("/api/v1/criteria-sets/", {"status": "in_force"}).json()
    assert "pas-2060-2014" not in [item["slug"] for item in in_force["results"]]
    pas = client.get("/api/v1/criteria-sets/pas-2060-2014/").json()
    assert pas["current_version"]["status"] == "withdrawn"
    assert pas["current_version"]["withdrawn_on"] == "2025-11-30"
    assert pas["version_count"] == 1

    version = CriteriaVersion.objects.get(criteria_set__slug=SIP)
    listed = client.get("/api/v1/criteria-versions/", {"criteria_set": SIP}).json()
    assert [item["id"] for item in listed["results"]] == [version.pk]
    assert "document" not in listed["results"][0]
    detail = client.get(f"/api/v1/criteria-versions/{version.pk}/").json()
    assert (detail["sha256"], detail["status"], detail["source_path"], detail["is_current"]) == (
        version.sha256,
        "in_force",
        f"criteria/{SIP}.yaml",
        True,
    )
    assert [gate["id"] for gate in detail["document"]["gates"]] == list(SIP_GATES)
    assert detail["source_text"].startswith("# Suzhou Industrial Park")
    assert client.get("/api/v1/criteria-sets/no-such-set/").status_code == 404


def test_choosing_sets_for_a_draft(scenario):
    manager = client_for(scenario.cast, "manager_a", "en")
    url = f"/api/v1/reports/{scenario.draft.pk}/criteria/"
    before = manager.get(url).json()
    assert before["default_sets"] is False
    assert [item["criteria_set"] for item in before["chosen"]] == [SIP]

    chosen = manager.put(
        url,
        {
            "criteria": [
                {"criteria_set": "pas-2060-2014", "first_period_year": 2022},
                {"criteria_set": "iso-14068-1-2023"},
            ]
        },
        format="json",
    ).json()
    assert [(item["criteria_set"], item["first_period_year"]) for item in chosen["chosen"]] == [
        ("iso-14068-1-2023", None),
        ("pas-2060-2014", 2022),
    ]
    assert [item["criteria_set"] for item in chosen["applies"]] == [
        "iso-14068-1-2023",
        "pas-2060-2014",
    ]
    assert chosen["applies"][1]["status"] == "withdrawn"  # still selectable

    cleared = manager.put(url, {"criteria": []}, format="json").json()
    assert cleared["default_sets"] is True and cleared["chosen"] == []
    assert "pas-2060-2014" not in [item["criteria_set"] for item in cleared["applies"]]
    assert len(cleared["applies"]) == 5  # every set in force

    for language, unknown, later in (
        ("en", "no loaded criteria set “no-such-set”", "cannot be after the reporting year"),
        ("zh-hans", "没有已加载的评价准则“no-such-set”", "不能晚于报告年度"),
    ):
        refused = client_for(scenario.cast, "manager_a", language).put(
            url,
            {
                "criteria": [
                    {"criteria_set": "no-such-set"},
                    {"criteria_set": SIP, "first_period_year": 2030},
                ]
            },
            format="json",
        )
        assert refused.status_code == 400
        problems = refused.json()["problems"]
        assert [(p["field"], p["code"]) for p in problems] == [
            ("criteria.0.criteria_set", "unknown_criteria_set"),
            ("criteria.1.first_period_year", "first_period_after_year"),
        ]
        assert unknown in problems[0]["message"] and later in problems[1]["message"]
    assert manager.get(url).json()["default_sets"] is True  # nothing written when refused

    zh = client_for(scenario.cast, "manager_a", "zh-hans").put(
        f"/api/v1/reports/{scenario.computed.pk}/criteria/", {"criteria": []}, format="json"
    )
    assert (zh.status_code, zh.json()["code"]) == (409, "criteria_not_editable")
    assert "仅在草稿状态下可以选择评价准则" in zh.json()["message"]


def test_evaluations_filters_and_detail(scenario):
    reviewer = client_for(scenario.cast, "reviewer")
    listed = reviewer.get("/api/v1/evaluations/", {"plant": scenario.plant_a.pk}).json()
    # approved (1 pending + 3 decisions), computed (1), in review (1 + 3 decisions)
    assert listed["count"] == 9
    current = reviewer.get("/api/v1/evaluations/", {"current": "true", "ordering": "id"}).json()[
        "results"
    ]
    # 2021's grid factor is higher: the same offsets no longer cover its emissions
    assert [(item["year"], item["status"], item["level"]) for item in current] == [
        (2022, "pass", "zero_carbon"),
        (2021, "fail", None),
        (2023, "pass", "zero_carbon"),
    ]
    assert all(item["criteria_set"] == SIP and item["provisional"] for item in current)

    def ids(**query) -> set[int]:
        return {
            item["id"] for item in reviewer.get("/api/v1/evaluations/", query).json()["results"]
        }

    passed = set(Evaluation.objects.filter(passed=True).values_list("pk", flat=True))
    assert ids(passed="true") == passed == ids(level="zero_carbon") == ids(status="pass")
    assert ids(report=scenario.computed.pk) == set(
        scenario.computed.evaluations.values_list("pk", flat=True)
    )
    assert ids(criteria_set="zhejiang-2023") == set()
    assert ids(provisional="false") == set()
    assert len(ids(current="false")) == 6

    detail = reviewer.get(f"/api/v1/evaluations/{scenario.evaluation.pk}/").json()
    assert (detail["status"], detail["level"], detail["level_name_zh"]) == (
        "pass",
        "zero_carbon",
        "零碳工厂",
    )
    assert detail["criteria_version"]["sha256"] == scenario.evaluation.criteria_version.sha256
    assert detail["result"]["id"] == scenario.result.pk
    assert detail["gate_states"] == {gate: "confirmed" for gate in SIP_GATES}
    outcome = detail["outcome"]
    assert [line["id"] for line in outcome["rules"]] == [*SIP_GATES, "offset_100"]
    assert {"gap", "unverified_parameters", "levels"} <= set(outcome)
    offset_rule = outcome["rules"][-1]
    assert (offset_rule["passed"], offset_rule["threshold"], offset_rule["actual"]) == (
        True,
        1.0,
        1.0,
    )


def test_officers_see_evaluations_of_approved_reports_only(scenario):
    officer = client_for(scenario.cast, "officer_in")
    seen = officer.get("/api/v1/evaluations/").json()["results"]
    assert {item["report"] for item in seen} == {scenario.approved.pk}
    assert officer.get(f"/api/v1/reports/{scenario.in_review.pk}/gates/").status_code == 404
    checklist = officer.get(f"/api/v1/reports/{scenario.approved.pk}/gates/").json()
    assert checklist["ready_for_approval"] is True
    assert client_for(scenario.cast, "officer_out").get("/api/v1/evaluations/").json()["count"] == 0
    manager_b = client_for(scenario.cast, "manager_b").get("/api/v1/evaluations/").json()
    assert manager_b["count"] == 0


def test_checklist_with_default_sets_lists_every_gate_of_every_set_in_force(scenario):
    manager = client_for(scenario.cast, "manager_a")
    manager.put(f"/api/v1/reports/{scenario.draft.pk}/criteria/", {"criteria": []}, format="json")
    checklist = manager.get(f"/api/v1/reports/{scenario.draft.pk}/gates/").json()
    assert checklist["default_sets"] is True
    slugs = [entry["criteria_set"] for entry in checklist["sets"]]
    assert slugs == [
        "iso-14068-1-2023",
        "suzhou-near-zero-2023",
        SIP,
        "t-ceca-g-0171-2022",
        "zhejiang-2023",
    ]
    gate_ids = {item["gate_id"] for entry in checklist["sets"] for item in entry["gates"]}
    assert checklist["summary"]["required"] == len(gate_ids) == checklist["summary"]["pending"]
    tceca = checklist["sets"][3]["gates"]
    assert {item["gate_id"]: item["required_for"] for item in tceca}["infrastructure"] == [
        "scoring"
    ]
    assert tceca[0]["required_for"] == ["prerequisites"]
