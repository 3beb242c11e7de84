"""Dispatching Celery tasks by name, so upstream apps never import downstream ones."""

from __future__ import annotations

from functools import cache

from celery import Task, current_app


@cache
def _discover() -> None:
    # autodiscover_tasks() imports each app's tasks module only inside a worker; a web process
    # or a command that dispatches by name must import them itself, once.
    current_app.loader.import_default_modules()


def task(name: str) -> Task:
    """The registered task called ``name`` (e.g. "factory_eval.accounting.compute_batch")."""
    _discover()
    return current_app.tasks[name]
