"""A private redis-server for fault tests: restarted, killed or emptied without touching the
shared Redis other test runs use. The test process's Celery app is pointed at it too."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

# This worktree's port range; a port in use is skipped.
PORTS = range(8800, 8900)


def free_port_in_range() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


class RedisServer:
    """``redis-server`` on 127.0.0.1; ``restart()`` keeps the port and the data directory."""

    def __init__(self, directory: Path, *, appendonly: bool):
        self.directory = directory
        self.appendonly = appendonly
        self.port = free_port_in_range()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.restarts = 0

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.directory),
            "--save",
            "",
            "--daemonize",
            "no",
            "--appendonly",
            "yes" if self.appendonly else "no",
            # every write on disk before it is acknowledged: nothing queued is lost
            "--appendfsync",
            "always",
        ]
        self.log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.wait_ready()

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_connect_timeout=1)

    def wait_ready(self, timeout: float = 20) -> None:
        import redis

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"redis-server exited: {(self.directory / 'redis.log').read_text()}")
            try:
                if self.client().ping():
                    # an append-only file is loaded before the server answers
                    return
            except redis.RedisError:
                time.sleep(0.05)
        pytest.fail(f"redis-server on port {self.port} did not start")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """SIGTERM shuts down cleanly (the append-only file is flushed); SIGKILL crashes."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        with contextlib.suppress(AttributeError):
            self.log.close()

    def restart(self, sig: int = signal.SIGTERM) -> None:
        self.stop(sig)
        self.restarts += 1
        self.start()


@contextlib.contextmanager
def celery_broker(url: str):
    """Point this process's Celery app (publishing, control, results) at ``url``."""
    from kombu import pools

    from factory_eval.celery import app

    def switch(broker: str, backend: str | None) -> None:
        # kombu keeps one pool per URL in a global registry, and a private server's URL comes
        # back in the next test: empty the registry so no pool outlives its server.
        pools.reset()
        app._pool = None
        if "amqp" in app.__dict__:
            app.amqp._producer_pool = None
        app._backend_cache = None
        with contextlib.suppress(AttributeError):
            del app._local.backend
        app.conf.broker_url = broker
        app.conf.result_backend = backend

    saved = (app.conf.broker_url, app.conf.result_backend)
    switch(url, url)
    try:
        yield app
    finally:
        switch(*saved)
