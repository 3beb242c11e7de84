"""The real Celery app with pause points, for fault tests only (``celery -A`` this module).

A fault must strike at a known moment: in the middle of storing a result, after the rows are
inserted but before the transaction commits. Production code has no sleep or hook for this;
the worker started by a fault test imports this module instead of ``factory_eval``, which
wraps two service functions in place. Prefork children inherit the wrapped functions.

``FAULT_GATE_DIR`` names a directory the test shares with the worker and ``FAULT_PAUSE_AT``
the point to pause at:
- ``result_events``: inside ``accounting.services._store``, after the results are inserted;
- ``import_events``: inside ``reporting.services.import_rows``, after the reports are inserted.

The first call to reach the point writes ``<point>.entered`` (holding its process id) and waits
until the test creates ``<point>.release`` (60 s at most). Later calls (the redelivery, the
retry) pass straight through, so each test sees one interrupted attempt and one clean one.
"""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path

from celery.signals import worker_process_init

from factory_eval.celery import app  # noqa: F401 - the app celery -A looks for

GATE_DIR = os.environ.get("FAULT_GATE_DIR", "")
PAUSE_AT = os.environ.get("FAULT_PAUSE_AT", "")
MAX_PAUSE_SECONDS = 60


def pause(point: str) -> None:
    if not GATE_DIR or point != PAUSE_AT:
        return
    entered = Path(GATE_DIR) / f"{point}.entered"
    try:
        handle = os.open(entered, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return  # not the first attempt: run through
    os.write(handle, str(os.getpid()).encode())
    os.close(handle)
    release = Path(GATE_DIR) / f"{point}.release"
    deadline = time.monotonic() + MAX_PAUSE_SECONDS
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def _paused_before(module, name: str, point: str) -> None:
    original = getattr(module, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        pause(point)
        return original(*args, **kwargs)

    setattr(module, name, wrapper)


@worker_process_init.connect
def install(**_kwargs) -> None:
    """In each pool process, once Django is set up (models cannot load earlier)."""
    from factory_eval.accounting import services as accounting
    from factory_eval.reporting import services as reporting

    _paused_before(accounting, "record_events_bulk", "result_events")
    _paused_before(reporting, "record_events_bulk", "import_events")
