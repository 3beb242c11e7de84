"""Celery tasks for certificates, on the ``documents`` queue (CELERY_TASK_ROUTES).

Thin and idempotent: the inputs' fingerprint is unique, so a redelivered task returns the
certificate the first delivery stored. Rendering is CPU work that must not wait behind (or hold
up) accounting batches, hence its own queue and workers.
"""

from __future__ import annotations

import gc

from celery import shared_task
from celery.signals import worker_process_init
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError

from factory_eval.certificates import services
from factory_eval.certificates.payloads import CertificateInputs

TRANSIENT = (OperationalError, InterfaceError)


@worker_process_init.connect
def _freeze_startup_objects(**_kwargs) -> None:
    """Keep the modules loaded at start out of every later garbage collection.

    Rendering allocates heavily; full collections that rescan Django, matplotlib and fontTools
    objects cost as much as a render (see ``rendering.collection_paused``).
    """
    gc.collect()
    gc.freeze()


@shared_task(
    name="factory_eval.certificates.issue_certificate",
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def issue_certificate(inputs: dict, actor_id: int | None = None) -> int:
    """``inputs`` is ``CertificateInputs.as_dict()``; returns the certificate's id."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    certificate = services.issue_certificate(CertificateInputs.from_dict(inputs), actor=actor)
    return certificate.pk


@shared_task(
    name="factory_eval.certificates.issue_for_review",
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def issue_for_review(review_id: int) -> dict:
    """Certificates for an approved review (dispatched by the review workflow by name)."""
    from factory_eval.certificates.issuing import issue_for_review as issue
    from factory_eval.reviews.models import Review

    issued = issue(Review.objects.get(pk=review_id))
    return {
        "certificates": [certificate.serial for certificate in issued.certificates],
        "superseded": issued.superseded,
        "without_level": issued.without_level,
    }
