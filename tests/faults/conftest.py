"""Fault-test fixtures: a private Redis, a worker with pause points, the gate between them."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.redis_server import RedisServer, celery_broker
from tests.services import WorkerProcess, require_real_services

WORKER_APP = "tests.faults.worker_app"


@dataclass
class Gate:
    """The files through which a test holds and releases the worker at a pause point."""

    directory: Path
    point: str

    def wait_entered(self, timeout: float = 60) -> int:
        """The process id of the pool process that reached the point."""
        entered = self.directory / f"{self.point}.entered"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if entered.exists() and entered.read_text():
                return int(entered.read_text())
            time.sleep(0.05)
        pytest.fail(f"the worker never reached {self.point}")

    def release(self) -> None:
        (self.directory / f"{self.point}.release").touch()


def wait_for(condition, timeout: float = 60.0, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {message}")


@pytest.fixture
def private_redis(request, transactional_db, tmp_path):
    """A redis-server of this test's own, with this process's Celery on it. Append-only
    unless the test is parametrised indirectly with ``False``."""
    require_real_services()
    appendonly = getattr(request, "param", True)
    server = RedisServer(tmp_path / "redis", appendonly=appendonly)
    server.start()
    with celery_broker(server.url):
        yield server
    server.stop(signal.SIGKILL)


@pytest.fixture
def start_worker(private_redis, tmp_path):
    """Start workers with pause points on the private Redis; all stopped after the test."""
    started: list[WorkerProcess] = []

    def start(point: str = "", concurrency: int = 1, **env: str) -> WorkerProcess:
        gate_dir = tmp_path / "gate"
        gate_dir.mkdir(exist_ok=True)
        worker = WorkerProcess(
            tmp_path / f"worker-{len(started)}.log",
            queues="compute",
            concurrency=concurrency,
            app=WORKER_APP,
            env={
                "REDIS_URL": private_redis.url,
                "FAULT_GATE_DIR": str(gate_dir),
                "FAULT_PAUSE_AT": point,
                **env,
            },
        )
        started.append(worker)
        worker.start()
        return worker

    yield start
    for worker in started:
        if worker.process and worker.process.poll() is None:
            os.killpg(worker.process.pid, signal.SIGKILL)
            worker.process.wait(timeout=10)
        worker.log.close()


@pytest.fixture
def gate(tmp_path):
    def at(point: str) -> Gate:
        return Gate(tmp_path / "gate", point)

    return at
