"""Shared fixtures: reference data loaded as editions, organisations, and Celery's mode.

Unit tests run Celery tasks in-process (the embedded default). Tests marked ``integration``
send them through the broker to a real worker process (tests/services.py).
"""

from __future__ import annotations

import pytest

from factory_eval.celery import app as celery_app
from factory_eval.factors.services import load_reference_editions


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Eager tasks for unit tests, whatever REDIS_URL says; real delivery for integration."""
    eager = request.node.get_closest_marker("integration") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def editions(db):
    """The reference factor editions, loaded (idempotently) into the test database."""
    load_reference_editions()
    from factory_eval.factors.selectors import current_editions

    return current_editions()


@pytest.fixture
def organisation(db):
    from factory_eval.organisations.models import Organisation

    return Organisation.objects.create(name_zh="示例汽车有限公司", name_en="Example Motors")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 at production strength costs ~0.3 s a user; tests need no such strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(request, settings, tmp_path):
    """Uploaded files go to a temporary folder, except for integration tests, whose worker
    process must read them from the configured MEDIA_ROOT."""
    if request.node.get_closest_marker("integration") is None:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle and login-lockout counters live in the cache: every test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A real worker consuming the compute and documents queues, stopped after the test."""
    from tests.services import WorkerProcess, require_real_services

    require_real_services()
    celery_app.control.purge()
    worker = WorkerProcess(tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    """gunicorn started exactly as deploy/systemd/factory-eval-web.service says."""
    from tests.services import Gunicorn, require_real_services

    require_real_services()
    server = Gunicorn(tmp_path / "gunicorn.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def certificate_font_dir(tmp_path_factory):
    """The certificate subset font, built once per run by the deploy command itself (shared by
    the certificate, page and browser tests: building it takes seconds)."""
    from django.core.management import call_command

    from factory_eval.certificates import fonts

    directory = tmp_path_factory.mktemp("fonts")
    call_command("build_certificate_font", "--output", str(directory / fonts.SUBSET_FILE_NAME))
    return directory


@pytest.fixture(scope="session")
def signing_pem() -> str:
    """A certificate signing key for the test run."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from factory_eval.certificates import signing

    return signing.private_key_pem(Ed25519PrivateKey.generate()).decode()
