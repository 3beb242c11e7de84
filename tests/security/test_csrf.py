"""CSRF on every state-changing request made with a session cookie: the API and every page.

Walks the URL resolver, so pages added later are covered without editing this file:
- statically, no view may be exempt from CSRF except DRF views whose authentication is a
  token (no cookie) or DRF's SessionAuthentication (which enforces CSRF itself);
- dynamically, every page URL that can be built is POSTed to by a signed-in user without a
  token (403), and every write operation in the API schema is sent with the session cookie
  but no token (403, "CSRF Failed"), then with the token (not refused for CSRF).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.test import APIClient
from rest_framework.views import APIView

from tests.api.test_permission_matrix import _ids
from tests.roles import build_scenario

WRITE_METHODS = ("post", "put", "patch", "delete")
# Views allowed to skip Django's CSRF middleware, with the reason. Keep it empty but for DRF.
EXEMPT_ALLOWED: dict[str, str] = {}
# API writes that use no cookie at all, so a forged cross-site request gains nothing.
COOKIELESS = {
    "/api/v1/auth/token/": "trades a password for a token returned in the body (unreadable "
    "cross-site); it neither reads nor sets a session",
}


def all_patterns(patterns=None, prefix: str = ""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from all_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def sample_path(route: str) -> str:
    """A concrete path for a route or regex (ids become 1); may not resolve."""
    path = re.sub(r"<(?:\w+:)?\w+>", "1", route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path


def _drf_view(callback) -> type[APIView] | None:
    cls = getattr(callback, "cls", None)
    return cls if isinstance(cls, type) and issubclass(cls, APIView) else None


def test_no_view_skips_csrf_unless_its_authentication_enforces_it():
    offenders = []
    for route, pattern in all_patterns():
        callback = pattern.callback
        if not getattr(callback, "csrf_exempt", False) or route in EXEMPT_ALLOWED:
            continue
        view = _drf_view(callback)
        if view is None:
            offenders.append(f"{route}: csrf_exempt and not a DRF view")
            continue
        for authentication in view.authentication_classes:
            cookie_based = not issubclass(authentication, TokenAuthentication)
            enforces = (
                issubclass(authentication, SessionAuthentication)
                and authentication.enforce_csrf is SessionAuthentication.enforce_csrf
            )
            if cookie_based and not enforces:
                offenders.append(f"{route}: {authentication.__name__} without CSRF")
    assert not offenders, "\n".join(offenders)


@pytest.fixture
def signed_in(scenario_world):
    scenario, _ = scenario_world
    client = Client(enforce_csrf_checks=True)
    client.force_login(scenario.cast.user("manager_a"))
    return client


@pytest.fixture
def scenario_world(editions):
    scenario = build_scenario()
    return scenario, _ids(scenario)


def test_every_page_refuses_a_post_without_the_token(signed_in):
    tried = []
    for route, pattern in all_patterns():
        if route.startswith(("api/", "^api/")) or _drf_view(pattern.callback):
            continue  # the API is checked below, through its schema
        path = sample_path(route)
        try:
            resolve(path)
        except Resolver404:
            continue
        response = signed_in.post(path, {"anything": "1"})
        tried.append(path)
        assert response.status_code == 403, (path, response.status_code)
    assert "/healthz" in tried and "/i18n/setlang/" in tried and "/verify/" in tried
    assert any(path.startswith("/admin/") for path in tried)


def test_every_api_write_needs_the_token_with_a_session(scenario_world):
    scenario, ids = scenario_world
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    client = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(scenario.cast.user("admin"))  # a session cookie, no token
    values = {"id": ids["draft"], "pk": ids["draft"], "report_pk": ids["draft"]}
    checked = 0
    for template, operations in schema.json()["paths"].items():
        path = re.sub(r"\{(\w+)\}", lambda match: str(values.get(match.group(1), 1)), template)
        for method in WRITE_METHODS:
            if method not in operations:
                continue
            refused = client.generic(method.upper(), path, "{}", content_type="application/json")
            if template in COOKIELESS:
                assert "sessionid" not in refused.cookies
                continue
            body = refused.json()
            assert refused.status_code == 403, (method, path, refused.status_code)
            assert "CSRF" in body["message"] and body["status"] == 403, (method, path, body)
            checked += 1
    assert checked >= 25
    client.get("/api/v1/auth/login/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        f"/api/v1/reports/{ids['draft']}/steam/",
        {"quantity": "5", "unit": "GJ"},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 201
