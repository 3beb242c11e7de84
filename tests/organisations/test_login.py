"""Logging in by token and by session, the lockout after failures, password rules."""

from __future__ import annotations

from rest_framework.test import APIClient

from factory_eval.audit.models import Event
from tests.roles import PASSWORD, client_for


def test_token_login_and_use(cast):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "manager_a", "password": PASSWORD})
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/v1/auth/me/").json()
    assert me["username"] == "manager_a"
    assert me["grants"]["managed_organisation_ids"] == [cast.org_a.pk]
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/auth/me/").status_code == 401


def test_session_login_needs_csrf(cast):
    client = APIClient(enforce_csrf_checks=True)
    refused = client.post(
        "/api/v1/auth/login/", {"username": "manager_a", "password": PASSWORD}, format="json"
    )
    assert refused.status_code == 403
    client.get("/api/v1/auth/login/")
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/v1/auth/login/",
        {"username": "manager_a", "password": PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 204
    assert client.get("/api/v1/auth/me/").json()["username"] == "manager_a"


def test_lockout_after_repeated_failures(cast, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(3):
        wrong = client.post("/api/v1/auth/token/", {"username": "manager_a", "password": "wrong"})
        assert wrong.status_code == 400
        assert wrong.json()["code"] == "invalid_credentials"
    locked = client.post("/api/v1/auth/token/", {"username": "manager_a", "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    # the lockout is per (user name, address): the admin login form is refused too
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="manager_a", password=PASSWORD) is None
    other_address = RequestFactory().post("/admin/login/", REMOTE_ADDR="10.0.0.9")
    assert authenticate(other_address, username="manager_a", password=PASSWORD) is not None


def test_weak_passwords_are_refused(cast):
    admin = client_for(cast, "admin", "en")
    weak = admin.post(
        "/api/v1/users/", {"username": "plantuser", "password": "12345678"}, format="json"
    )
    assert weak.status_code == 400
    assert {problem["code"] for problem in weak.json()["problems"]} == {"weak_password"}
    assert all(problem["field"] == "password" for problem in weak.json()["problems"])
    strong = admin.post(
        "/api/v1/users/",
        {"username": "plantuser", "password": PASSWORD, "email": "p@example.cn"},
        format="json",
    )
    assert strong.status_code == 201
    assert "password" not in strong.json()
    assert Event.objects.filter(action="organisations.user_created").exists()


def test_password_change(cast):
    client = client_for(cast, "manager_b", "zh-hans")
    wrong = client.post(
        "/api/v1/auth/password/", {"old_password": "nope", "new_password": "Another-Long-Pass-7"}
    )
    assert wrong.json()["problems"][0]["message"].endswith("当前密码不正确")
    weak = client.post(
        "/api/v1/auth/password/", {"old_password": PASSWORD, "new_password": "password"}
    )
    assert weak.status_code == 400
    ok = client.post(
        "/api/v1/auth/password/", {"old_password": PASSWORD, "new_password": "Another-Long-Pass-7"}
    )
    assert ok.status_code == 204
    cast.user("manager_b").refresh_from_db()
    assert cast.user("manager_b").check_password("Another-Long-Pass-7")
