"""Pages: nothing but the public ones is shown to someone who has not signed in.

Walks the URL resolver like the CSRF test, so pages added later are covered: each page URL
that can be built is fetched anonymously and must not answer 200 unless it is listed here as
public (with the reason). The per-role matrix of the API (tests/api/test_permission_matrix.py)
is to be extended with rows for the pages as they are built; the selectors they use
(``visible_*``) are the ones that matrix already checks.
"""

from __future__ import annotations

from django.urls import resolve
from django.urls.exceptions import Resolver404

from tests.security.test_csrf import _drf_view, all_patterns, sample_path

PUBLIC = {
    "healthz": "load-balancer probe; says only ok or which service is down",
    "i18n/": "the language switch",
    "verify/": "certificate verification is public by design (docs/certificates.md)",
    "certificates/signing-keys.pem": "the public keys verifiers need",
    "admin/login/": "the sign-in form",
    "admin/logout/": "signing out",
    "admin/password_reset/": "not enabled; Django answers 404",
    "accounts/login/": "the sign-in form of the site",
}
PUBLIC_EXACT = {"": "the landing page: what the service is and a sign-in link, nothing more"}


def _public(route: str) -> bool:
    route = route.replace("^", "").replace("$", "")
    return route in PUBLIC_EXACT or any(route.startswith(prefix) for prefix in PUBLIC)


def test_no_private_page_answers_an_anonymous_visitor(client, db):
    shown, tried = [], []
    for route, pattern in all_patterns():
        if route.startswith(("api/", "^api/")) or _drf_view(pattern.callback) or _public(route):
            continue
        path = sample_path(route)
        try:
            resolve(path)
        except Resolver404:
            continue
        response = client.get(path)
        tried.append(path)
        if response.status_code == 200:
            shown.append(path)
    assert not shown, shown
    assert "/admin/" in tried  # the walk reaches the pages that exist today
