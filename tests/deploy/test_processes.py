"""gunicorn started exactly as the systemd unit says, on the test database and Redis."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

pytestmark = pytest.mark.integration


def test_gunicorn_from_the_unit_serves_health_with_request_ids(gunicorn, tmp_path):
    request = urllib.request.Request(
        gunicorn.url + "/healthz", headers={"X-Request-ID": "probe-1234567890"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        body = json.loads(response.read())
        assert response.headers["X-Request-ID"] == "probe-1234567890"
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok" and body["checks"]["broker"] == "ok"
    deadline = time.monotonic() + 10  # each worker flushes its own access log lines
    while True:
        log_lines = [
            json.loads(line)
            for line in (tmp_path / "gunicorn.log").read_text().splitlines()
            if line.startswith("{")
        ]
        ours = [line for line in log_lines if line.get("request_id") == "probe-1234567890"]
        if ours or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert ours and ours[0]["path"] == "/healthz" and ours[0]["status"] == 200
