"""Every endpoint x every role: the HTTP status each role gets, on organisation A's objects.

Each row runs the request once per role inside a savepoint that is rolled back, so a write
by one role does not change what the next role meets. Objects outside a user's view are 404
(their existence is not confirmed); writes by a role that may not write are 403.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from factory_eval.factors.models import FactorEdition
from tests.roles import PDF, ROLES, client_for


def _table(
    anonymous, manager_a, manager_b, reviewer, reviewer_a, officer_in, officer_out, admin
) -> dict[str, int]:
    return dict(
        zip(
            ROLES,
            (anonymous, manager_a, manager_b, reviewer, reviewer_a, officer_in, officer_out, admin),
            strict=True,
        )
    )


SEE_APPROVED = _table(401, 200, 404, 200, 200, 200, 404, 200)
SEE_SUBMITTED = _table(401, 200, 404, 200, 200, 404, 404, 200)
SEE_DRAFT = _table(401, 200, 404, 404, 404, 404, 404, 200)
SEE_PLANT_A = _table(401, 200, 404, 200, 200, 200, 404, 200)
SEE_UPLOADS_A = _table(401, 200, 404, 404, 404, 404, 404, 200)
SIGNED_IN = _table(401, 200, 200, 200, 200, 200, 200, 200)
ADMIN_READS = _table(401, 403, 403, 403, 403, 403, 403, 200)


def write_existing(code: int) -> dict[str, int]:
    """A write on an A object: B's manager cannot see it; non-writers are refused first."""
    return _table(401, code, 404, 403, 403, 403, 403, code)


def write_new(code: int) -> dict[str, int]:
    """Creating something for organisation A (no object to hide): B's manager is refused."""
    return _table(401, code, 403, 403, 403, 403, 403, code)


START_REVIEW = _table(401, 403, 403, 201, 403, 403, 403, 403)
DECIDE_REVIEW = _table(401, 403, 403, 200, 403, 403, 403, 403)
# Deciding a gate item in the open review: only its own reviewer (reviewer_a belongs to A).
DECIDE_GATE = _table(401, 403, 403, 201, 403, 403, 403, 403)
# ... and in a closed review: nobody; its reviewer learns it is closed.
DECIDE_GATE_CLOSED = _table(401, 403, 403, 409, 403, 403, 403, 403)
ADMIN_WRITES = _table(401, 403, 403, 403, 403, 403, 403, 201)


def _pdf():
    return {
        "file": SimpleUploadedFile("invoice.pdf", PDF, "application/pdf"),
        "kind": "energy_bill",
    }


def _csv():
    return {"file": SimpleUploadedFile("rows.csv", b"plant_code\nX\n", "text/csv")}


# (name, method, url template, body factory, body format, expected statuses)
ENDPOINTS = [
    ("organisations", "get", "/api/v1/organisations/", None, None, SIGNED_IN),
    ("plants", "get", "/api/v1/plants/?ordering=-code", None, None, SIGNED_IN),
    ("reports", "get", "/api/v1/reports/?status=approved&ordering=-year", None, None, SIGNED_IN),
    ("results", "get", "/api/v1/results/?year=2022", None, None, SIGNED_IN),
    ("reviews", "get", "/api/v1/reviews/?decision=approved", None, None, SIGNED_IN),
    ("events", "get", "/api/v1/events/?action_prefix=reviews.", None, None, SIGNED_IN),
    ("uploads", "get", "/api/v1/uploads/", None, None, SIGNED_IN),
    (
        "grid factors",
        "get",
        "/api/v1/factor-editions/{grid_edition}/grid-factors/",
        None,
        None,
        SIGNED_IN,
    ),
    ("organisation A", "get", "/api/v1/organisations/{org_a}/", None, None, SEE_PLANT_A),
    (
        "organisation create",
        "post",
        "/api/v1/organisations/",
        lambda s: {"name_zh": "新公司"},
        "json",
        ADMIN_WRITES,
    ),
    ("users", "get", "/api/v1/users/", None, None, ADMIN_READS),
    (
        "user create",
        "post",
        "/api/v1/users/",
        lambda s: {"username": "newbie", "password": "Tr1cky-Pass-Phrase"},
        "json",
        ADMIN_WRITES,
    ),
    ("memberships", "get", "/api/v1/memberships/", None, None, SIGNED_IN),
    (
        "membership create",
        "post",
        "/api/v1/memberships/",
        lambda s: {
            "user": s.cast.user("manager_b").pk,
            "organisation": s.cast.org_a.pk,
            "role": "plant_manager",
        },
        "json",
        ADMIN_WRITES,
    ),
    ("me", "get", "/api/v1/auth/me/", None, None, SIGNED_IN),
    ("factor editions", "get", "/api/v1/factor-editions/", None, None, SIGNED_IN),
    ("plant A", "get", "/api/v1/plants/{plant_a}/", None, None, SEE_PLANT_A),
    (
        "plant create in A",
        "post",
        "/api/v1/plants/",
        lambda s: {
            "code": "JS-99",
            "name_zh": "新工厂",
            "organisation": s.cast.org_a.pk,
            "province": "江苏",
            "city": "南京",
        },
        "json",
        write_new(201),
    ),
    (
        "plant A update",
        "patch",
        "/api/v1/plants/{plant_a}/",
        lambda s: {"name_en": "Plant A"},
        "json",
        write_existing(200),
    ),
    ("approved report", "get", "/api/v1/reports/{approved}/", None, None, SEE_APPROVED),
    ("computed report", "get", "/api/v1/reports/{computed}/", None, None, SEE_SUBMITTED),
    ("draft report", "get", "/api/v1/reports/{draft}/", None, None, SEE_DRAFT),
    (
        "report create",
        "post",
        "/api/v1/reports/",
        lambda s: {"plant": s.plant_a.pk, "year": 2020, "output_quantity": "1000"},
        "json",
        # B's manager names a plant it cannot see: a field error, not a 403
        write_new(201) | {"manager_b": 400},
    ),
    (
        "draft update",
        "patch",
        "/api/v1/reports/{draft}/",
        lambda s: {"natural_gas_m3": "100"},
        "json",
        write_existing(200),
    ),
    (
        "approved update",
        "patch",
        "/api/v1/reports/{approved}/",
        lambda s: {"natural_gas_m3": "100"},
        "json",
        write_existing(409),
    ),
    ("approved lines", "get", "/api/v1/reports/{approved}/instruments/", None, None, SEE_APPROVED),
    (
        "draft line add",
        "post",
        "/api/v1/reports/{draft}/steam/",
        lambda s: {"quantity": "10", "unit": "GJ"},
        "json",
        write_existing(201),
    ),
    (
        "draft line update",
        "patch",
        "/api/v1/reports/{draft}/steam/{draft_steam}/",
        lambda s: {"quantity": "11"},
        "json",
        write_existing(200),
    ),
    (
        "draft line delete",
        "delete",
        "/api/v1/reports/{draft}/instruments/{draft_instrument}/",
        None,
        None,
        write_existing(204),
    ),
    (
        "approved line delete",
        "delete",
        "/api/v1/reports/{approved}/instruments/{approved_instrument}/",
        None,
        None,
        write_existing(409),
    ),
    ("evidence list", "get", "/api/v1/reports/{approved}/evidence/", None, None, SEE_APPROVED),
    (
        "evidence download",
        "get",
        "/api/v1/reports/{approved}/evidence/{evidence}/download/",
        None,
        None,
        SEE_APPROVED,
    ),
    (
        "evidence upload",
        "post",
        "/api/v1/reports/{draft}/evidence/",
        lambda s: _pdf(),
        "multipart",
        write_existing(201),
    ),
    (
        "approved evidence delete",
        "delete",
        "/api/v1/reports/{approved}/evidence/{evidence}/",
        None,
        None,
        write_existing(409),
    ),
    ("submit", "post", "/api/v1/reports/{draft}/submit/", None, "json", write_existing(200)),
    ("revise", "post", "/api/v1/reports/{approved}/revise/", None, "json", write_existing(201)),
    ("report events", "get", "/api/v1/reports/{approved}/events/", None, None, SEE_APPROVED),
    (
        "events export",
        "get",
        "/api/v1/events/export/?report={approved}&file_format=csv",
        None,
        None,
        SIGNED_IN,
    ),
    ("result", "get", "/api/v1/results/{result}/", None, None, SEE_APPROVED),
    ("review", "get", "/api/v1/reviews/{review}/", None, None, SEE_APPROVED),
    (
        "review start",
        "post",
        "/api/v1/reviews/",
        lambda s: {"report": s.computed.pk},
        "json",
        START_REVIEW,
    ),
    (
        "review approve",
        "post",
        "/api/v1/reviews/{open_review}/approve/",
        lambda s: {"comments": "fine"},
        "json",
        DECIDE_REVIEW,
    ),
    (
        "review return",
        "post",
        "/api/v1/reviews/{open_review}/return/",
        lambda s: {"comments": "fix the steam"},
        "json",
        DECIDE_REVIEW,
    ),
    # criteria and evaluations
    (
        "criteria sets",
        "get",
        "/api/v1/criteria-sets/?status=in_force&ordering=slug",
        None,
        None,
        SIGNED_IN,
    ),
    ("criteria set", "get", "/api/v1/criteria-sets/suzhou-sip-zero-2026/", None, None, SIGNED_IN),
    (
        "criteria versions",
        "get",
        "/api/v1/criteria-versions/?criteria_set=pas-2060-2014",
        None,
        None,
        SIGNED_IN,
    ),
    (
        "criteria version",
        "get",
        "/api/v1/criteria-versions/{criteria_version}/",
        None,
        None,
        SIGNED_IN,
    ),
    (
        "evaluations",
        "get",
        "/api/v1/evaluations/?criteria_set=suzhou-sip-zero-2026&current=true&ordering=-score",
        None,
        None,
        SIGNED_IN,
    ),
    ("approved evaluation", "get", "/api/v1/evaluations/{evaluation}/", None, None, SEE_APPROVED),
    (
        "computed evaluation",
        "get",
        "/api/v1/evaluations/{computed_evaluation}/",
        None,
        None,
        SEE_SUBMITTED,
    ),
    (
        "approved report criteria",
        "get",
        "/api/v1/reports/{approved}/criteria/",
        None,
        None,
        SEE_APPROVED,
    ),
    ("draft report criteria", "get", "/api/v1/reports/{draft}/criteria/", None, None, SEE_DRAFT),
    (
        "draft criteria choose",
        "put",
        "/api/v1/reports/{draft}/criteria/",
        lambda s: {
            "criteria": [
                {"criteria_set": "pas-2060-2014", "first_period_year": 2022},
                {"criteria_set": "suzhou-sip-zero-2026"},
            ]
        },
        "json",
        write_existing(200),
    ),
    (
        "approved criteria choose",
        "put",
        "/api/v1/reports/{approved}/criteria/",
        lambda s: {"criteria": []},
        "json",
        write_existing(409),
    ),
    (
        "approved gate checklist",
        "get",
        "/api/v1/reports/{approved}/gates/",
        None,
        None,
        SEE_APPROVED,
    ),
    (
        "in-review gate checklist",
        "get",
        "/api/v1/reports/{in_review}/gates/",
        None,
        None,
        SEE_SUBMITTED,
    ),
    (
        "review gate checklist",
        "get",
        "/api/v1/reviews/{open_review}/gates/",
        None,
        None,
        SEE_SUBMITTED,
    ),
    (
        "gate decision",
        "post",
        "/api/v1/reviews/{open_review}/gates/",
        lambda s: {
            "gate_id": "no_veto_items_3y",
            "state": "rejected",
            "comment": "2022 年环保处罚",
        },
        "json",
        DECIDE_GATE,
    ),
    (
        "gate decision, closed review",
        "post",
        "/api/v1/reviews/{review}/gates/",
        lambda s: {"gate_id": "no_veto_items_3y", "state": "confirmed"},
        "json",
        DECIDE_GATE_CLOSED,
    ),
    (
        "upload create in A",
        "post",
        "/api/v1/uploads/",
        lambda s: _csv() | {"organisation": s.cast.org_a.pk},
        "multipart",
        write_new(202),
    ),
    ("upload of A", "get", "/api/v1/uploads/{upload}/", None, None, SEE_UPLOADS_A),
    (
        "upload problems of A",
        "get",
        "/api/v1/uploads/{upload}/problems/?file_format=xlsx",
        None,
        None,
        SEE_UPLOADS_A,
    ),
]


def _ids(scenario) -> dict[str, int]:
    from factory_eval.reporting.models import SpreadsheetUpload

    upload = SpreadsheetUpload.objects.create(
        organisation=scenario.cast.org_a,
        uploaded_by=scenario.cast.user("manager_a"),
        original_name="x.csv",
        sha256="0" * 64,
        status="failed",
        problems=[{"row": 2, "field": "year", "code": "required", "message": "=cmd"}],
    )
    return {
        "org_a": scenario.cast.org_a.pk,
        "plant_a": scenario.plant_a.pk,
        "approved": scenario.approved.pk,
        "computed": scenario.computed.pk,
        "draft": scenario.draft.pk,
        "evidence": scenario.evidence.pk,
        "result": scenario.result.pk,
        "review": scenario.review.pk,
        "open_review": scenario.open_review.pk,
        "upload": upload.pk,
        "in_review": scenario.in_review.pk,
        "evaluation": scenario.evaluation.pk,
        "computed_evaluation": scenario.computed.evaluations.latest().pk,
        "criteria_version": scenario.evaluation.criteria_version_id,
        "draft_steam": scenario.draft.steam.first().pk,
        "draft_instrument": scenario.draft.instruments.first().pk,
        "approved_instrument": scenario.approved.instruments.first().pk,
        "grid_edition": FactorEdition.objects.filter(kind="grid").latest("id").pk,
    }


def _request(scenario, role, method, url, body, fmt):
    client = client_for(scenario.cast, role)
    with transaction.atomic():
        data = body(scenario) if body else None
        response = (
            getattr(client, method)(url, data, format=fmt)
            if data is not None or fmt
            else getattr(client, method)(url)
        )
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(
    ("name", "method", "url", "body", "fmt", "expected"),
    ENDPOINTS,
    ids=[row[0] for row in ENDPOINTS],
)
def test_permission_matrix(scenario, name, method, url, body, fmt, expected):
    url = url.format(**_ids(scenario))
    got = {}
    for role in ROLES:
        response = _request(scenario, role, method, url, body, fmt)
        got[role] = response.status_code
        if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
            assert response.json()["status"] == response.status_code  # the one error format
    assert got == expected


def test_manager_b_cannot_reach_a_by_id_anywhere(scenario):
    """B's manager probing A's objects by id: every one is 404, nothing confirms it exists."""
    ids = _ids(scenario)
    client = client_for(scenario.cast, "manager_b")
    for url in (
        f"/api/v1/plants/{ids['plant_a']}/",
        f"/api/v1/reports/{ids['draft']}/",
        f"/api/v1/reports/{ids['draft']}/steam/{ids['draft_steam']}/",
        f"/api/v1/reports/{ids['approved']}/evidence/{ids['evidence']}/download/",
        f"/api/v1/results/{ids['result']}/",
        f"/api/v1/reviews/{ids['review']}/",
        f"/api/v1/uploads/{ids['upload']}/",
        f"/api/v1/organisations/{ids['org_a']}/",
        f"/api/v1/evaluations/{ids['evaluation']}/",
        f"/api/v1/reports/{ids['approved']}/gates/",
        f"/api/v1/reports/{ids['draft']}/criteria/",
        f"/api/v1/reviews/{ids['open_review']}/gates/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.patch(
            f"/api/v1/reports/{ids['draft']}/steam/{ids['draft_steam']}/",
            {"quantity": "1"},
            format="json",
        ).status_code
        == 404
    )
    assert client.post(f"/api/v1/reports/{ids['draft']}/submit/").status_code == 404
    assert (
        client.put(
            f"/api/v1/reports/{ids['draft']}/criteria/", {"criteria": []}, format="json"
        ).status_code
        == 404
    )
    assert client.get("/api/v1/evaluations/", {"report": ids["approved"]}).json()["count"] == 0
    # and A's manager cannot reach B's draft either
    other = client_for(scenario.cast, "manager_a")
    assert other.get(f"/api/v1/reports/{scenario.draft_b.pk}/").status_code == 404


# --- subsidies and benchmarks ------------------------------------------------------------------
# Officers record awards for plants in their jurisdiction; the Shanghai officer cannot name
# Suzhou's plant A (a field error), nor see its award (404). Programmes are public policy.
AWARD_CREATE = _table(401, 403, 403, 403, 403, 201, 400, 201)
AWARD_ANNUL = _table(401, 403, 403, 403, 403, 200, 404, 200)
PROGRAMME = {
    "policy_name": "苏州测试政策",
    "province": "江苏",
    "city": "苏州",
    "in_force_from": "2020-01-01",
    "recognition_required": "near-zero factory",
    "max_award_cny": "500000",
    "source": "test",
    "confidence": "as reported",
    "accepted_recognitions": [
        {"criteria": "suzhou-near-zero-2023", "level": "near_zero", "note": "test reading"}
    ],
}

SUBSIDY_ENDPOINTS = [
    (
        "subsidy programmes",
        "get",
        "/api/v1/subsidy-programmes/?province_code=32",
        None,
        None,
        SIGNED_IN,
    ),
    ("subsidy programme", "get", "/api/v1/subsidy-programmes/matrix-a/", None, None, SIGNED_IN),
    (
        "subsidy programme versions",
        "get",
        "/api/v1/subsidy-programmes/matrix-a/versions/",
        None,
        None,
        SIGNED_IN,
    ),
    (
        "subsidy programme create",
        "post",
        "/api/v1/subsidy-programmes/",
        lambda s: PROGRAMME | {"code": "matrix-new", "reason": "new"},
        "json",
        ADMIN_WRITES,
    ),
    (
        "subsidy eligibility",
        "get",
        "/api/v1/subsidy-eligibility/?eligible_only=true",
        None,
        None,
        SIGNED_IN,
    ),
    (
        "subsidy eligibility of plant A",
        "get",
        "/api/v1/subsidy-eligibility/{plant_a}/",
        None,
        None,
        SEE_PLANT_A,
    ),
    (
        "subsidy eligibility export",
        "get",
        "/api/v1/subsidy-eligibility/export/?file_format=xlsx",
        None,
        None,
        SIGNED_IN,
    ),
    ("subsidy awards", "get", "/api/v1/subsidy-awards/?in_effect=true", None, None, SIGNED_IN),
    ("subsidy award of plant A", "get", "/api/v1/subsidy-awards/{award}/", None, None, SEE_PLANT_A),
    (
        "subsidy awards export",
        "get",
        "/api/v1/subsidy-awards/export/?file_format=csv",
        None,
        None,
        SIGNED_IN,
    ),
    (
        "subsidy award create for plant A",
        "post",
        "/api/v1/subsidy-awards/",
        lambda s: {
            "programme": "matrix-b",
            "plant": s.plant_a.pk,
            "certificate": s.subsidy["serial"],
            "amount_cny": "1000",
            "decided_on": s.subsidy["today"],
            "reference": "M-2",
        },
        "json",
        AWARD_CREATE,
    ),
    (
        "subsidy award annul",
        "post",
        "/api/v1/subsidy-awards/{award}/annul/",
        lambda s: {"reason": "recorded in error"},
        "json",
        AWARD_ANNUL,
    ),
    (
        "benchmark groups",
        "get",
        "/api/v1/benchmarks/groups/?dimension=province",
        None,
        None,
        SIGNED_IN,
    ),
    ("benchmark plants", "get", "/api/v1/benchmarks/plants/?year=2022", None, None, SIGNED_IN),
    (
        "benchmark groups export",
        "get",
        "/api/v1/benchmarks/groups/export/?file_format=xlsx",
        None,
        None,
        SIGNED_IN,
    ),
    (
        "benchmark plants export",
        "get",
        "/api/v1/benchmarks/plants/export/?file_format=csv",
        None,
        None,
        SIGNED_IN,
    ),
    (
        "benchmark chart",
        "get",
        "/api/v1/benchmarks/charts/distribution/?year=2022",
        None,
        None,
        SIGNED_IN,
    ),
]


def _subsidy_ids(scenario) -> dict[str, int]:
    """Two Suzhou programmes, a certificate on plant A's approved result, and an award under
    the first programme (the second stays open for the create row)."""
    from datetime import timedelta

    from django.utils import timezone

    from factory_eval.subsidies import services as subsidies
    from tests.certificate_issuing import issue

    for code in ("matrix-a", "matrix-b"):
        values = {
            key: value for key, value in PROGRAMME.items() if key != "accepted_recognitions"
        } | {"code": code}
        subsidies.add_programme_version(values, PROGRAMME["accepted_recognitions"], reason="matrix")
    certificate = issue(scenario.result, issued_at=timezone.now() - timedelta(days=30))
    award = subsidies.record_award(
        programme="matrix-a",
        plant=scenario.plant_a,
        certificate=certificate.serial,
        amount_cny="1000",
        decided_on=timezone.localdate(),
        reference="M-1",
    )
    scenario.subsidy = {"serial": certificate.serial, "today": timezone.localdate().isoformat()}
    return {"plant_a": scenario.plant_a.pk, "award": award.pk}


@pytest.mark.parametrize(
    ("name", "method", "url", "body", "fmt", "expected"),
    SUBSIDY_ENDPOINTS,
    ids=[row[0] for row in SUBSIDY_ENDPOINTS],
)
def test_subsidy_and_benchmark_matrix(
    scenario, certificate_settings, name, method, url, body, fmt, expected
):
    url = url.format(**_subsidy_ids(scenario))
    got = {}
    for role in ROLES:
        response = _request(scenario, role, method, url, body, fmt)
        got[role] = response.status_code
        if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
            assert response.json()["status"] == response.status_code  # the one error format
    assert got == expected
