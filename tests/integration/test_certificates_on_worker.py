"""Certificates issued by a real Celery worker that consumes only the documents queue."""

from __future__ import annotations

import pytest

from factory_eval.accounting.services import compute_report
from factory_eval.audit.models import Event
from factory_eval.certificates import tasks
from factory_eval.certificates.models import Certificate
from factory_eval.certificates.signing import trusted_public_keys
from factory_eval.certificates.verification import verify_pdf
from tests.certificates.samples import sample_inputs
from tests.factories import make_report
from tests.services import WorkerProcess, require_real_services

pytestmark = pytest.mark.integration


@pytest.fixture
def documents_worker(transactional_db, tmp_path):
    """A worker on the documents queue alone: a task routed elsewhere would never finish."""
    require_real_services()
    from factory_eval.celery import app

    app.control.purge()
    worker = WorkerProcess(tmp_path / "worker.log", queues="documents", concurrency=2)
    worker.start()
    yield worker
    worker.stop()


def test_worker_issues_a_verifiable_certificate_once(documents_worker, editions, organisation):
    result, _ = compute_report(make_report(organisation))
    inputs = sample_inputs(result.pk).as_dict()
    first = tasks.issue_certificate.delay(inputs).get(timeout=120)
    second = tasks.issue_certificate.delay(inputs).get(timeout=120)
    assert first == second
    certificate = Certificate.objects.get()
    assert certificate.pk == first
    assert certificate.payload["figures"]["intensity_kgco2e_per_unit"]["total"] == 219.338
    outcome = verify_pdf(certificate.pdf.read(), trusted_public_keys())
    assert outcome.genuine, outcome.reason
    assert Event.objects.filter(action="certificates.issued").count() == 1


def test_concurrent_deliveries_store_one_certificate(documents_worker, editions, organisation):
    result, _ = compute_report(make_report(organisation, code="JS-02"))
    inputs = sample_inputs(result.pk).as_dict()
    pending = [tasks.issue_certificate.delay(inputs) for _ in range(4)]
    ids = {task.get(timeout=120) for task in pending}
    assert len(ids) == 1 and Certificate.objects.count() == 1
