"""Sign in and out, the login lockout and rate on the page, CSRF, htmx and the language."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.roles import PASSWORD
from tests.web.conftest import client_as


def _sign_in(client: Client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_signing_in_lands_on_the_role_home_and_signing_out_needs_a_post(pages_scenario):
    client = Client()
    response = _sign_in(client, "manager_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("web:landing")
    assert client.get(reverse("web:landing"))["Location"] == reverse("web:manager-home")
    assert client.get(reverse("logout")).status_code == 405  # GET never signs out
    client.post(reverse("logout"))
    assert client.get(reverse("web:manager-home")).status_code == 302


def test_next_parameter_returns_to_the_page_asked_for(pages_scenario):
    client = Client()
    url = reverse("web:report", args=[pages_scenario.approved.pk])
    login = client.get(url)
    assert login.status_code == 302 and login["Location"].startswith(reverse("login"))
    response = client.post(
        login["Location"], {"username": "manager_a", "password": PASSWORD, "next": url}
    )
    assert response["Location"] == url


def test_repeated_failures_lock_the_user_out_of_the_page_too(pages_scenario, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(3):
        assert _sign_in(client, "manager_a", "wrong-password").status_code == 200
    locked = _sign_in(client, "manager_a", PASSWORD)  # even the right password now
    assert locked.status_code == 429
    assert "too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The lockout is per user name and address: another user signs in.
    assert _sign_in(client, "reviewer", PASSWORD).status_code == 302


def test_the_page_counts_against_the_api_login_rate(pages_scenario, settings, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "2/min"})
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    _sign_in(client, "nobody", "x")
    client.post(reverse("auth-token"), {"username": "nobody", "password": "x"})
    refused = _sign_in(client, "manager_a", PASSWORD)
    assert refused.status_code == 429 and "Too many sign-in attempts" in refused.content.decode()


def test_every_form_needs_its_csrf_token(pages_scenario):
    s = pages_scenario
    client = Client(enforce_csrf_checks=True)
    client.force_login(s.cast.user("manager_a"))
    assert client.post(reverse("reporting:report-submit", args=[s.draft.pk])).status_code == 403
    s.draft.refresh_from_db()
    assert s.draft.status == "draft"
    page = client.get(reverse("reporting:report-edit", args=[s.draft.pk])).content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= 6  # every form on the page
    assert '"X-CSRFToken"' in page  # htmx requests send it as a header


def test_htmx_requests_without_a_session_are_sent_to_sign_in(pages_scenario):
    response = Client().post(
        reverse("reporting:report-validate", args=[pages_scenario.draft.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_chinese_first_and_the_language_switch(pages_scenario):
    client = client_as(pages_scenario.cast, "manager_a", language="")
    page = client.get(reverse("reporting:plants")).content.decode()
    assert '<html lang="zh-hans">' in page and "工厂与报告" in page
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("reporting:plants")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("reporting:plants")
    english = client.get(reverse("reporting:plants")).content.decode()
    assert '<html lang="en">' in english and "Plants and reports" in english
    assert 'value="zh-hans"' in english  # the switch back is offered
