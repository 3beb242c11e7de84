"""gunicorn started exactly as the systemd unit says, on the test database and Redis."""

from __future__ import annotations

import configparser
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.integration.conftest import ROOT, _require_real_services, service_environment

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unit_command(name: str) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(ROOT / "deploy" / "systemd" / name)
    command = shlex.split(parser["Service"]["ExecStart"])
    command[0] = str(Path(sys.executable).parent / Path(command[0]).name)
    return command


class Gunicorn:
    def __init__(self, log_path: Path, workers: int = 2):
        self.port = free_port()
        self.log_path = log_path
        env = service_environment(GUNICORN_BIND=f"127.0.0.1:{self.port}",
                                  GUNICORN_WORKERS=str(workers), DEBUG="0",
                                  SECRET_KEY="test-" + "x" * 50, SECURE_SSL_REDIRECT="0",
                                  SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0",
                                  ALLOWED_HOSTS="127.0.0.1,localhost",
                                  STATICFILES_STORAGE="django.contrib.staticfiles.storage."
                                                      "StaticFilesStorage")
        self.log = log_path.open("wb")
        self.process = subprocess.Popen(unit_command("factory-eval-web.service"), cwd=ROOT,
                                        env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited: {log_path.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        pytest.fail("gunicorn did not answer in 60 s")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    _require_real_services()
    server = Gunicorn(tmp_path / "gunicorn.log")
    yield server
    server.stop()


def test_gunicorn_from_the_unit_serves_health_with_request_ids(gunicorn, tmp_path):
    request = urllib.request.Request(gunicorn.url + "/healthz",
                                     headers={"X-Request-ID": "probe-1234567890"})
    with urllib.request.urlopen(request, timeout=5) as response:
        body = json.loads(response.read())
        assert response.headers["X-Request-ID"] == "probe-1234567890"
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok" and body["checks"]["broker"] == "ok"
    deadline = time.monotonic() + 10  # each worker flushes its own access log lines
    while True:
        log_lines = [json.loads(line) for line in
                     (tmp_path / "gunicorn.log").read_text().splitlines() if line.startswith("{")]
        ours = [line for line in log_lines if line.get("request_id") == "probe-1234567890"]
        if ours or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert ours and ours[0]["path"] == "/healthz" and ours[0]["status"] == 200
