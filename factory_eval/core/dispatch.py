"""Starting downstream work by task name, after the transaction commits.

Upstream apps must not import downstream ones, so they name the task instead. The task
modules are imported on first use (Celery's autodiscovery only runs by itself in a worker).
A failure to queue (or, with in-process tasks, the task's own failure) is logged, never raised
into the request: with a broker the caller would not see it either.
"""

from __future__ import annotations

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def task_by_name(name: str):
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def dispatch_on_commit(name: str, *args) -> None:
    def send() -> None:
        try:
            task_by_name(name).delay(*args)
        except Exception:
            logger.exception("task %s%r failed", name, args)

    transaction.on_commit(send)
