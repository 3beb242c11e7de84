"""Every page for every role: the same visibility as the API (tests/api/test_permission_matrix).

Objects outside a user's view answer 404 (their existence is not confirmed); pages of a role
the user does not hold answer 403; anonymous users are sent to sign in (302).
"""

from __future__ import annotations

from django.urls import reverse

from factory_eval.reporting import uploads
from tests.roles import ROLES
from tests.web.conftest import client_as

OK, REDIRECT, FORBIDDEN, MISSING = 200, 302, 403, 404
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def expect(default: int, anonymous: int = REDIRECT, **overrides: int) -> dict[str, int]:
    statuses = {role: default for role in SIGNED_IN} | {"anonymous": anonymous}
    statuses.update(overrides)
    return statuses


def only(roles: tuple[str, ...], otherwise: int = FORBIDDEN) -> dict[str, int]:
    return expect(otherwise, **{role: OK for role in roles})


MANAGERS = ("manager_a", "manager_b", "admin")
REVIEWERS = ("reviewer", "reviewer_a", "admin")
OFFICERS = ("officer_in", "officer_out", "admin")


def page_matrix(scenario, upload, certificate) -> dict[str, tuple[str, dict[str, int]]]:
    """Page name -> (URL, expected status per role)."""
    s = scenario
    return {
        "landing": (reverse("web:landing"), expect(REDIRECT, anonymous=OK)),
        "sign-in": (reverse("login"), expect(REDIRECT, anonymous=OK)),
        "verify lookup": (reverse("certificates:verify-lookup"), expect(OK, anonymous=OK)),
        "verify serial": (
            reverse("certificates:verify", args=[certificate.serial]),
            expect(OK, anonymous=OK),
        ),
        "manager home": (reverse("web:manager-home"), only(MANAGERS)),
        "reviewer home": (reverse("web:reviewer-home"), only(REVIEWERS)),
        "officer home": (reverse("web:officer-home"), only(OFFICERS)),
        "admin overview": (reverse("web:admin-home"), only(("admin",))),
        "plants and reports": (reverse("reporting:plants"), expect(OK)),
        "new report": (reverse("reporting:report-new"), only(MANAGERS)),
        "register plant": (reverse("plants:plant-new"), only(MANAGERS)),
        "uploads": (reverse("reporting:uploads"), only(MANAGERS)),
        "upload status": (
            reverse("reporting:upload", args=[upload.pk]),
            only(("manager_a", "admin"), MISSING),
        ),
        "intake template": (reverse("reporting:intake-template", args=["csv"]), expect(OK)),
        "review queue": (reverse("reviews:queue"), only(REVIEWERS)),
        "eligibility": (reverse("web:eligibility"), only(OFFICERS)),
        "certificate register": (reverse("web:certificates"), only(OFFICERS)),
        "awards export": (reverse("web:awards-export"), only(OFFICERS)),
        "benchmarks": (
            reverse("web:benchmarks"),
            only(("reviewer", "reviewer_a", "officer_in", "officer_out", "admin")),
        ),
        "report approved": (
            reverse("web:report", args=[s.approved.pk]),
            only(("manager_a", "reviewer", "reviewer_a", "officer_in", "admin"), MISSING),
        ),
        "report computed": (
            reverse("web:report", args=[s.computed.pk]),
            only(("manager_a", "reviewer", "reviewer_a", "admin"), MISSING),
        ),
        "report draft": (
            reverse("web:report", args=[s.draft.pk]),
            only(("manager_a", "admin"), MISSING),
        ),
        "report draft of B": (
            reverse("web:report", args=[s.draft_b.pk]),
            only(("manager_b", "admin"), MISSING),
        ),
        "edit draft": (
            reverse("reporting:report-edit", args=[s.draft.pk]),
            only(("manager_a", "admin"), MISSING),
        ),
        "edit approved": (
            reverse("reporting:report-edit", args=[s.approved.pk]),
            expect(
                MISSING,
                manager_a=REDIRECT,
                admin=REDIRECT,
                reviewer=FORBIDDEN,
                reviewer_a=FORBIDDEN,
                officer_in=FORBIDDEN,
            ),
        ),
        "criteria of draft": (
            reverse("evaluation:choose", args=[s.draft.pk]),
            only(("manager_a", "admin"), MISSING),
        ),
        "history": (
            reverse("reporting:report-history", args=[s.approved.pk]),
            only(("manager_a", "reviewer", "reviewer_a", "admin"), MISSING),
        ),
        "open review": (
            reverse("reviews:review", args=[s.open_review.pk]),
            only(("manager_a", "reviewer", "reviewer_a", "admin"), MISSING),
        ),
        "approved review": (
            reverse("reviews:review", args=[s.review.pk]),
            only(("manager_a", "reviewer", "reviewer_a", "officer_in", "admin"), MISSING),
        ),
        "evidence file": (
            reverse("reporting:evidence-file", args=[s.approved.pk, s.evidence.pk]),
            only(("manager_a", "reviewer", "reviewer_a", "officer_in", "admin"), MISSING),
        ),
        "certificate PDF": (
            reverse("certificates:pdf", args=[certificate.serial]),
            only(("manager_a", "reviewer", "reviewer_a", "officer_in", "admin"), MISSING),
        ),
    }


def test_every_page_answers_every_role_as_the_access_rules_say(pages_scenario, certificate):
    """One scenario, every page x every role; the failure lists every mismatch at once."""
    upload = uploads.upload_create(
        organisation=pages_scenario.cast.org_a,
        data=b"a,b\n1,2\n",
        filename="plants.csv",
        actor=pages_scenario.cast.user("manager_a"),
    )
    matrix = page_matrix(pages_scenario, upload, certificate)
    mismatches = []
    for role in ROLES:
        client = client_as(pages_scenario.cast, role)
        for name, (url, statuses) in matrix.items():
            status = client.get(url).status_code
            if status != statuses[role]:
                mismatches.append(f"{role:12} {name:20} {url}: {status}, expected {statuses[role]}")
    assert not mismatches, "\n" + "\n".join(mismatches)


def test_lists_show_each_role_only_its_own_view(pages_scenario):
    s = pages_scenario
    url = reverse("reporting:plants")
    body = {role: client_as(s.cast, role).get(url).content.decode() for role in SIGNED_IN}
    assert (
        'data-plant="JS-01"' in body["manager_a"] and 'data-plant="SH-01"' not in body["manager_a"]
    )
    assert (
        'data-plant="SH-01"' in body["manager_b"] and 'data-plant="JS-01"' not in body["manager_b"]
    )
    # Reviewers see every plant but only reports submitted at least once (never the draft).
    assert f'data-report="{s.draft.pk}"' not in body["reviewer"]
    assert f'data-report="{s.computed.pk}"' in body["reviewer"]
    # Officers see their jurisdiction's plants and approved reports only.
    assert f'data-report="{s.approved.pk}"' in body["officer_in"]
    assert f'data-report="{s.computed.pk}"' not in body["officer_in"]
    assert 'data-plant="SH-01"' not in body["officer_in"]
    assert 'data-plant="JS-01"' not in body["officer_out"]


def test_navigation_offers_each_role_its_pages(pages_scenario):
    s = pages_scenario
    manager = client_as(s.cast, "manager_a").get(reverse("web:manager-home")).content.decode()
    assert reverse("reporting:uploads") in manager and reverse("reviews:queue") not in manager
    assert reverse("web:eligibility") not in manager and reverse("admin:index") not in manager
    officer = client_as(s.cast, "officer_in").get(reverse("web:officer-home")).content.decode()
    assert reverse("web:eligibility") in officer and reverse("reporting:uploads") not in officer
    reviewer = client_as(s.cast, "reviewer").get(reverse("web:reviewer-home")).content.decode()
    assert reverse("reviews:queue") in reviewer and reverse("reporting:uploads") not in reviewer
    s.cast.user("admin").is_staff = True
    s.cast.user("admin").save(update_fields=["is_staff"])
    admin = client_as(s.cast, "admin").get(reverse("web:admin-home")).content.decode()
    assert reverse("admin:index") in admin


def test_landing_sends_each_role_home(pages_scenario):
    homes = {
        "manager_a": "web:manager-home",
        "reviewer": "web:reviewer-home",
        "officer_in": "web:officer-home",
        "admin": "web:admin-home",
    }
    for role, name in homes.items():
        response = client_as(pages_scenario.cast, role).get(reverse("web:landing"))
        assert response.status_code == 302 and response["Location"] == reverse(name), role


def test_report_page_offers_only_what_the_role_may_do(pages_scenario):
    s = pages_scenario
    officer = (
        client_as(s.cast, "officer_in")
        .get(reverse("web:report", args=[s.approved.pk]))
        .content.decode()
    )
    assert reverse("reporting:report-history", args=[s.approved.pk]) not in officer
    assert reverse("reporting:report-revise", args=[s.approved.pk]) not in officer
    assert 'data-figure="intensity"' in officer  # the approved result itself is shown
    manager = (
        client_as(s.cast, "manager_a")
        .get(reverse("web:report", args=[s.approved.pk]))
        .content.decode()
    )
    assert reverse("reporting:report-revise", args=[s.approved.pk]) in manager
    computed = reverse("web:report", args=[s.computed.pk])
    assert (
        'data-testid="start-review"' in client_as(s.cast, "reviewer").get(computed).content.decode()
    )
    for role in ("manager_a", "reviewer_a", "admin"):  # four eyes: not offered
        assert (
            'data-testid="start-review"'
            not in client_as(s.cast, role).get(computed).content.decode()
        ), role


def test_django_admin_for_staff_only(pages_scenario):
    s = pages_scenario
    admin = s.cast.user("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client = client_as(s.cast, "admin")
    for name in (
        "admin:index",
        "admin:plants_plant_changelist",
        "admin:auth_user_changelist",
        "admin:factors_factoredition_changelist",
        "admin:organisations_organisation_changelist",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    response = client_as(s.cast, "manager_a").get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
