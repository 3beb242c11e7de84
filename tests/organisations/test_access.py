"""What each role sees in lists, and the jurisdiction rules of government officers."""

from __future__ import annotations

import pytest

from factory_eval.organisations.access import Jurisdiction, access_for
from factory_eval.organisations.models import Membership
from tests.roles import ROLES, client_for


def _ids(client, url: str) -> set[int]:
    response = client.get(url, {"page_size": 500})
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def test_list_scopes_per_role(scenario):
    s = scenario
    a_reports = {s.approved.pk, s.computed.pk, s.in_review.pk, s.draft.pk}
    submitted_a = {s.approved.pk, s.computed.pk, s.in_review.pk}
    expected_reports = {
        "manager_a": a_reports,
        "manager_b": {s.draft_b.pk},
        "reviewer": submitted_a,
        "reviewer_a": submitted_a,
        "officer_in": {s.approved.pk},
        "officer_out": set(),
        "admin": a_reports | {s.draft_b.pk},
    }
    for role, expected in expected_reports.items():
        client = client_for(s.cast, role)
        assert _ids(client, "/api/v1/reports/") == expected, role
        results = {item["report"] for item in client.get("/api/v1/results/").json()["results"]}
        assert results == expected & submitted_a, role
    assert _ids(client_for(s.cast, "officer_in"), "/api/v1/plants/") == {s.plant_a.pk}
    assert _ids(client_for(s.cast, "officer_out"), "/api/v1/plants/") == {s.plant_b.pk}
    assert _ids(client_for(s.cast, "manager_b"), "/api/v1/organisations/") == {s.cast.org_b.pk}


@pytest.mark.parametrize("role", ROLES[1:])
def test_event_visibility(scenario, role):
    """Managers and reviewers see the trail of what they see; officers none; admin all."""
    events = (
        client_for(scenario.cast, role)
        .get("/api/v1/events/", {"report": scenario.approved.pk})
        .json()["count"]
    )
    assert (events > 0) == (role in ("manager_a", "reviewer", "reviewer_a", "admin"))


def test_jurisdiction_matching():
    suzhou = Jurisdiction("32", "苏州")
    assert suzhou.contains("32", "苏州", "工业园区")
    assert not suzhou.contains("32", "南京", "")
    assert not suzhou.contains("31", "苏州", "")
    district = Jurisdiction("32", "苏州", "昆山")
    assert not district.contains("32", "苏州", "工业园区")
    assert Jurisdiction("32").contains("32", "无锡", "")


def test_district_officer_sees_only_the_district(scenario):
    from factory_eval.plants.selectors import visible_plants
    from tests.factories import make_plant

    kunshan = make_plant(scenario.cast.org_a, code="JS-KS", district="昆山")
    officer = scenario.cast.user("officer_in")
    Membership.objects.filter(user=officer).update(district="昆山")
    officer = type(officer).objects.get(pk=officer.pk)  # fresh grants
    assert set(visible_plants(officer)) == {kunshan}


def test_officer_membership_needs_a_province(cast):
    from django.core.exceptions import ValidationError

    from factory_eval.organisations.services import membership_create

    with pytest.raises(ValidationError):
        membership_create(
            user=cast.user("manager_b"), organisation=cast.government, role="government_officer"
        )


def test_roles_add_up(cast):
    user = cast.user("reviewer")
    Membership.objects.create(user=user, organisation=cast.org_b, role="plant_manager")
    access = access_for(type(user).objects.get(pk=user.pk))
    assert access.is_reviewer and access.manages(cast.org_b.pk)
    assert access.review_conflict(cast.org_b.pk) and not access.review_conflict(cast.org_a.pk)
