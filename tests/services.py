"""Real services for integration tests: PostgreSQL, Redis, a Celery worker and gunicorn.

These fail (never skip) when a service is unreachable: CI must prove the real path works.
The fixtures built on them (``celery_worker``, ``gunicorn``) are in tests/conftest.py.
"""

from __future__ import annotations

import configparser
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
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
WORKER_START_TIMEOUT = 60


def require_real_services() -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.fail("integration tests need PostgreSQL: set DATABASE_URL=postgres://...")
    if not settings.REDIS_URL:
        pytest.fail("integration tests need Redis: set REDIS_URL=redis://...")
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {settings.REDIS_URL} is unreachable: {error}")


def database_url_for_test_db() -> str:
    """The URL of the database pytest-django created, for processes started by a test."""
    params = connection.settings_dict
    user = params.get("USER") or ""
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{params['NAME']}"


def service_environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url_for_test_db(),
            "REDIS_URL": settings.REDIS_URL,
            "DJANGO_SETTINGS_MODULE": "factory_eval.settings",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra)
    return env


class WorkerProcess:
    """A ``celery worker`` subprocess on the test database, with its log kept for failures."""

    def __init__(
        self,
        log_path: Path,
        queues: str = "compute,documents",
        concurrency: int = 2,
        app: str = "factory_eval",
        env: dict[str, str] | None = None,
    ):
        self.log_path = log_path
        self.queues = queues
        self.concurrency = concurrency
        self.app = app  # fault tests start a worker with test-only pause points
        self.env = env or {}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                self.app,
                "worker",
                "-Q",
                self.queues,
                "-c",
                str(self.concurrency),
                "--pool",
                "prefork",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"test-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=service_environment(**self.env),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_ready()

    def wait_ready(self) -> None:
        from factory_eval.celery import app

        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"celery worker exited: {self.log_path.read_text()[-3000:]}")
            if app.control.ping(timeout=0.5):
                return
        pytest.fail(
            f"celery worker not ready in {WORKER_START_TIMEOUT}s: "
            f"{self.log_path.read_text()[-3000:]}"
        )

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


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
    def __init__(self, log_path: Path, workers: int = 2, **extra_env: str):
        self.port = free_port()
        self.log_path = log_path
        env = service_environment(
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_WORKERS=str(workers),
            DEBUG="0",
            SECRET_KEY="test-" + "x" * 50,
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
            **extra_env,
        )
        self.log = log_path.open("wb")
        self.process = subprocess.Popen(
            unit_command("factory-eval-web.service"),
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
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
