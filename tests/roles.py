"""The cast of the permission tests: one user per role, organisations, plants, and reports
in every interesting state, built through the real services.

    organisation A (enterprise): plant JS-01 in Jiangsu (32), Suzhou
    organisation B (enterprise): plant SH-01 in Shanghai (31)
    criteria: every file loaded; A's reports are evaluated against the Suzhou Industrial Park
    set (three gate items): the approved one with its gates confirmed and its evaluation
    pinned, the one in review with its gates decided (ready to approve).
    users: manager_a, manager_b, reviewer (association), reviewer_a (association reviewer who
    also belongs to A), officer_in (Jiangsu, Suzhou), officer_out (Shanghai), admin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from unittest import mock

import pytest
from django.contrib.auth import get_user_model

from factory_eval.evaluation.criteria_files import CRITERIA_DIR, read_directory
from factory_eval.evaluation.services import assess_report, choose_criteria, load_criteria
from factory_eval.organisations.models import Membership, Organisation, Role
from factory_eval.reporting import workflow
from factory_eval.reporting.editing import evidence_add
from factory_eval.reporting.models import OffsetRetirement
from factory_eval.reviews import gates
from factory_eval.reviews import services as reviews
from tests.factories import make_plant, make_report

PASSWORD = "Correct-Horse-Battery-9"
SIP = "suzhou-sip-zero-2026"
SIP_GATES = ("own_reductions_first", "energy_use_advanced", "no_veto_items_3y")
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
ROLES = (
    "anonymous",
    "manager_a",
    "manager_b",
    "reviewer",
    "reviewer_a",
    "officer_in",
    "officer_out",
    "admin",
)


def make_user(username: str, email: str = ""):
    return get_user_model().objects.create_user(
        username, email or f"{username}@example.cn", PASSWORD
    )


@dataclass
class Cast:
    users: dict = field(default_factory=dict)
    org_a: Organisation | None = None
    org_b: Organisation | None = None
    association: Organisation | None = None
    government: Organisation | None = None

    def user(self, role: str):
        return self.users.get(role)


def build_cast() -> Cast:
    cast = Cast()
    cast.org_a = Organisation.objects.create(name_zh="甲汽车有限公司", name_en="A Motors")
    cast.org_b = Organisation.objects.create(name_zh="乙汽车有限公司", name_en="B Motors")
    cast.association = Organisation.objects.create(name_zh="汽车行业协会", kind="association")
    cast.government = Organisation.objects.create(name_zh="苏州市工信局", kind="government")
    operator = Organisation.objects.create(name_zh="运营方", kind="operator")
    grants = {
        "manager_a": [(cast.org_a, Role.PLANT_MANAGER, {})],
        "manager_b": [(cast.org_b, Role.PLANT_MANAGER, {})],
        "reviewer": [(cast.association, Role.REVIEWER, {})],
        "reviewer_a": [(cast.association, Role.REVIEWER, {}), (cast.org_a, Role.REVIEWER, {})],
        "officer_in": [
            (cast.government, Role.GOVERNMENT_OFFICER, {"province_code": "32", "city": "苏州"})
        ],
        "officer_out": [(cast.government, Role.GOVERNMENT_OFFICER, {"province_code": "31"})],
        "admin": [(operator, Role.ADMINISTRATOR, {})],
    }
    for username, memberships in grants.items():
        user = make_user(username)
        cast.users[username] = user
        for organisation, role, jurisdiction in memberships:
            Membership.objects.create(
                user=user, organisation=organisation, role=role, **jurisdiction
            )
    return cast


@dataclass
class Scenario:
    """Organisation A's plant with reports in each state, and B's plant with a draft."""

    cast: Cast
    plant_a: object
    plant_b: object
    approved: object
    draft: object
    computed: object
    in_review: object
    draft_b: object
    evidence: object
    result: object
    review: object
    open_review: object
    evaluation: object = None


@cache
def _criteria_files():
    return read_directory(CRITERIA_DIR)


def load_shipped_criteria() -> None:
    """``load_criteria()`` with the files parsed once per test session (parsing and schema
    checks are most of its cost; the files do not change during a run)."""
    with mock.patch(
        "factory_eval.evaluation.services.read_directory", lambda directory: _criteria_files()
    ):
        load_criteria()


def submit_and_compute(report, actor):
    """Submit, then run what the submission task runs (compute and evaluate)."""
    workflow.submit(report, actor=actor)
    assess_report(report)
    report.refresh_from_db()
    return report


def decide_all_gates(review, state: str = "confirmed", evidence=None) -> None:
    for gate_id in SIP_GATES:
        gates.decide_gate(
            review,
            actor=review.reviewer,
            gate_id=gate_id,
            state=state,
            evidence=evidence,
            comment="ok",
        )


def build_scenario() -> Scenario:
    load_shipped_criteria()
    cast = build_cast()
    manager = cast.user("manager_a")
    plant_a = make_plant(cast.org_a, code="JS-01")
    plant_b = make_plant(cast.org_b, code="SH-01", province_code="31", city="上海")

    def report_of_a(year: int):
        """Shaped like the worked example, its 43,867.6 tCO2e offset: zero carbon under the
        SIP set once its gates are confirmed."""
        report = make_report(cast.org_a, plant=plant_a, year=year)
        OffsetRetirement.objects.create(
            report=report, registry="CCER", quantity_tco2e=Decimal("43867.6")
        )
        choose_criteria(report, [SIP], actor=manager)
        return report

    approved = report_of_a(2022)
    evidence = evidence_add(
        approved, data=PDF, filename="bill.pdf", kind="energy_bill", actor=manager
    )
    submit_and_compute(approved, manager)
    review = reviews.start_review(approved, actor=cast.user("reviewer"))
    decide_all_gates(review)
    reviews.approve(review, actor=cast.user("reviewer"), comments="ok")
    approved.refresh_from_db()
    computed = submit_and_compute(report_of_a(2021), manager)
    in_review = submit_and_compute(report_of_a(2023), manager)
    open_review = reviews.start_review(in_review, actor=cast.user("reviewer"))
    decide_all_gates(open_review)
    draft = report_of_a(2024)
    draft_b = make_report(cast.org_b, plant=plant_b, year=2022)
    return Scenario(
        cast=cast,
        plant_a=plant_a,
        plant_b=plant_b,
        approved=approved,
        draft=draft,
        computed=computed,
        in_review=in_review,
        draft_b=draft_b,
        evidence=evidence,
        result=approved.results.get(),
        review=review,
        open_review=open_review,
        evaluation=review.approved_evaluations.get().evaluation,
    )


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture
def scenario(editions) -> Scenario:
    return build_scenario()


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


def client_for(cast: Cast, role: str, language: str = "en"):
    from rest_framework.test import APIClient

    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if role != "anonymous":
        client.force_authenticate(cast.user(role))
    return client
