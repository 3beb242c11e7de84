"""Real services for integration tests: PostgreSQL, Redis and a Celery worker process.

These fail (never skip) when a service is unreachable: CI must prove the real path works.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT = 60


def _require_real_services() -> None:
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
    env.update({"DATABASE_URL": database_url_for_test_db(), "REDIS_URL": settings.REDIS_URL,
                "DJANGO_SETTINGS_MODULE": "factory_eval.settings", "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


class WorkerProcess:
    """A ``celery worker`` subprocess on the test database, with its log kept for failures."""

    def __init__(self, log_path: Path, queues: str = "compute,documents", concurrency: int = 2):
        self.log_path = log_path
        self.queues = queues
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factory_eval", "worker", "-Q", self.queues,
             "-c", str(self.concurrency), "--pool", "prefork", "--loglevel", "INFO",
             "--without-gossip", "--without-mingle", "-n", f"test-{os.getpid()}@%h"],
            cwd=ROOT, env=service_environment(), stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.wait_ready()

    def wait_ready(self) -> None:
        from factory_eval.celery import app

        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"celery worker exited: {self.log_path.read_text()[-3000:]}")
            if app.control.ping(timeout=0.5):
                return
        pytest.fail(f"celery worker not ready in {WORKER_START_TIMEOUT}s: "
                    f"{self.log_path.read_text()[-3000:]}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A real worker consuming the compute and documents queues, stopped after the test."""
    _require_real_services()
    from factory_eval.celery import app

    app.control.purge()
    worker = WorkerProcess(tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()
