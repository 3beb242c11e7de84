"""Login throttling end to end: gunicorn with two worker processes sharing a Redis cache.

Five wrong passwords lock the (user name, address) pair out, whichever worker answers; the
right password is then refused too, another user is not; and past LOGIN_THROTTLE_RATE
(10/min) every login attempt from the address is throttled. The deploy check warns when the
cache is per process (the lockout would count per worker).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

from tests.faults.redis_server import RedisServer
from tests.roles import PASSWORD, build_cast
from tests.services import Gunicorn, require_real_services

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def login(server: Gunicorn, username: str, password: str) -> tuple[int, dict, dict]:
    request = urllib.request.Request(
        server.url + "/api/v1/auth/token/",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), dict(error.headers)


@pytest.fixture
def shared_cache_server(transactional_db, tmp_path):
    """gunicorn whose cache is a Redis of this test's own: no earlier run's counts."""
    require_real_services()
    cache = RedisServer(tmp_path / "cache", appendonly=False)
    cache.start()
    server = Gunicorn(tmp_path / "gunicorn.log", workers=2, CACHE_URL=cache.url)
    yield server
    server.stop()
    cache.stop()


def test_lockout_and_throttle_across_gunicorn_workers(shared_cache_server):
    cast = build_cast()
    for name in ("manager_a", "manager_b"):  # hashed as gunicorn's settings expect
        user = cast.user(name)
        user.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
        user.save(update_fields=["password"])
    server = shared_cache_server
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        status, body, _ = login(server, "manager_a", "wrong password")
        assert (status, body["code"]) == (400, "invalid_credentials")
    status, body, _ = login(server, "manager_a", PASSWORD)
    assert (status, body["code"]) == (429, "locked_out")  # the right password, refused
    status, body, _ = login(server, "manager_b", PASSWORD)
    assert status == 200 and body["token"]  # only that user name is locked
    outcomes = [login(server, "manager_b", PASSWORD) for _ in range(5)]
    statuses = [status for status, _, _ in outcomes]
    assert statuses[:3] == [200, 200, 200]  # 10 attempts a minute from one address...
    assert statuses[3:] == [429, 429]  # ...and no more
    _, throttled, headers = outcomes[-1]
    assert throttled["code"] == "throttled" and int(headers["Retry-After"]) > 0


def test_deploy_check_warns_when_login_counters_are_per_process(tmp_path):
    env = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "CACHE_URL")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        FACTORY_EVAL_VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="factory-eval.example.cn",
    )
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "factory_eval.W001" in checked.stdout + checked.stderr
