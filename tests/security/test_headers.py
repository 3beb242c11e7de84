"""Production settings (DEBUG=0) send secure cookies and security headers on every response.

Run in a subprocess, since settings are read once at start-up: the same environment as
deploy/.env.example, on a throw-away SQLite file.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = r"""
import json, django
django.setup()
from django.conf import settings
from django.test import Client
# behind nginx, which terminates TLS and says so in X-Forwarded-Proto
secure = Client(HTTP_HOST="factory-eval.example.cn", HTTP_X_FORWARDED_PROTO="https")
plain = Client(HTTP_HOST="factory-eval.example.cn")
out = {"settings": {name: getattr(settings, name) for name in (
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_SAMESITE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY")}, "pages": {}}
for path in ("/api/v1/auth/login/", "/verify/", "/api/docs/", "/api/redoc/",
             "/api/v1/no-such-thing/", "/admin/login/"):
    response = secure.get(path)
    cookie = response.cookies.get("csrftoken")
    out["pages"][path] = {"status": response.status_code, "headers": dict(response.items()),
                          "csrf_cookie": {"secure": bool(cookie["secure"]),
                                          "samesite": cookie["samesite"]} if cookie else None}
out["http"] = {path: [plain.get(path).status_code, plain.get(path).get("Location")]
               for path in ("/verify/", "/api/v1/auth/me/")}
print(json.dumps(out, default=str))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "CACHE_URL")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        FACTORY_EVAL_VAR_DIR=str(var),
        ALLOWED_HOSTS="factory-eval.example.cn",
        DATABASE_URL=f"sqlite:///{var}/db",
        DJANGO_SETTINGS_MODULE="factory_eval.settings",
        PYTHONPATH=str(ROOT),
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_cookies_are_secure(production):
    values = production["settings"]
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    cookie = production["pages"]["/api/v1/auth/login/"]["csrf_cookie"]
    assert cookie == {"secure": True, "samesite": "Lax"}


def test_every_response_carries_the_security_headers(production):
    for path, page in production["pages"].items():
        headers = page["headers"]
        assert (
            headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        ), path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", path
        assert headers.get("X-Frame-Options", "DENY") == "DENY", path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert "camera=()" in headers["Permissions-Policy"], path


def test_content_security_policy_allows_no_inline_script(production):
    for path, page in production["pages"].items():
        policy = page["headers"]["Content-Security-Policy"]
        script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, path
        assert "object-src 'none'" in policy
    # the API docs may load Swagger UI and Redoc from their CDN, nothing else may
    assert (
        "cdn.jsdelivr.net"
        in production["pages"]["/api/docs/"]["headers"]["Content-Security-Policy"]
    )
    assert (
        "cdn.jsdelivr.net"
        not in production["pages"]["/verify/"]["headers"]["Content-Security-Policy"]
    )


def test_api_docs_pages_have_no_inline_script(client, db):
    """The CSP forbids inline scripts, so the docs must not need one."""
    import re

    for path in ("/api/docs/", "/api/redoc/"):
        html = client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html), path


def test_plain_http_is_redirected_to_https(production):
    for path, (status, location) in production["http"].items():
        assert status == 301 and location.startswith("https://factory-eval.example.cn"), path
