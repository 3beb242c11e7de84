"""Spreadsheet uploads: accept the file now, import it in a task, keep its row errors.

The import itself is all-or-nothing (``services.import_rows``); the upload row records the
progress (pending -> running -> succeeded | failed, rows read and processed) and, when
refused, every problem with its row, column and reason in the uploader's language.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace

import pandas as pd
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone, translation

from factory_eval.audit.services import record_event
from factory_eval.core.dispatch import dispatch_on_commit
from factory_eval.core.exports import table_bytes
from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.organisations.access import ensure_manages
from factory_eval.organisations.models import Organisation
from factory_eval.reporting.intake import read_and_validate
from factory_eval.reporting.intake.parsing import check_file
from factory_eval.reporting.models import EnergyReport, SpreadsheetUpload
from factory_eval.reporting.selectors import intake_context
from factory_eval.reporting.services import import_rows

logger = logging.getLogger(__name__)

UPLOAD_TASK = "factory_eval.reporting.process_upload"
BATCH_COMPUTE_TASK = "factory_eval.evaluation.assess_batch"
# Reports per batch task: small enough to finish well inside the task time limit, and many
# batches spread a big upload over every compute worker.
BATCH_SIZE = 250
PROBLEM_COLUMNS = ("row", "field", "code", "message")


@transaction.atomic
def upload_create(
    *, organisation: Organisation, data: bytes, filename: str, actor=None, language: str = "zh-hans"
) -> SpreadsheetUpload:
    """Store the file and queue its import. Size and type are checked here (the uploader gets
    a 400 at once); headers and rows by the task (the upload ends ``failed`` with them)."""
    ensure_manages(actor, organisation.pk)
    if not data:
        raise ProblemsError([Problem("empty_upload", "file")])
    if len(data) > settings.SPREADSHEET_MAX_BYTES:
        raise ProblemsError(
            [
                Problem(
                    "file_too_large",
                    "file",
                    params={"value": len(data), "limit": settings.SPREADSHEET_MAX_BYTES},
                )
            ]
        )
    try:  # refused at once, nothing stored: not a spreadsheet, a zip bomb, unreadable text
        check_file(data, filename, max_bytes=settings.SPREADSHEET_MAX_BYTES)
    except ProblemsError as error:
        raise ProblemsError(
            [replace(problem, field=problem.field or "file") for problem in error.problems]
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    upload = SpreadsheetUpload(
        organisation=organisation,
        uploaded_by=actor,
        original_name=filename[:255],
        sha256=digest,
        language=language or "zh-hans",
    )
    upload.file.save(f"{digest[:16]}-{filename[-60:]}", ContentFile(data), save=False)
    upload.save()
    record_event(
        "reporting.upload_received",
        upload,
        actor=actor,
        after={
            "original_name": upload.original_name,
            "sha256": digest,
            "organisation_id": organisation.pk,
            "size_bytes": len(data),
        },
    )
    dispatch_on_commit(UPLOAD_TASK, upload.pk)
    return upload


def _finish(
    upload: SpreadsheetUpload,
    status: str,
    problems: list[Problem] | None = None,
    report_ids: list[int] | None = None,
) -> None:
    upload.status = status
    upload.problems = [problem.as_dict() for problem in problems or []]
    upload.report_ids = report_ids or []
    upload.finished_at = timezone.now()
    upload.save(
        update_fields=[
            "status",
            "problems",
            "report_ids",
            "processed_rows",
            "total_rows",
            "finished_at",
        ]
    )
    record_event(
        f"reporting.upload_{status}",
        upload,
        actor=upload.uploaded_by,
        after={"status": status, "problems": len(upload.problems), "report_ids": upload.report_ids},
    )


def upload_process(upload_id: int) -> SpreadsheetUpload:
    """Parse, validate and import one upload (the task's body). Idempotent: a finished upload
    is returned as it is."""
    with transaction.atomic():
        upload = SpreadsheetUpload.objects.select_for_update().get(pk=upload_id)
        if upload.status in (SpreadsheetUpload.Status.SUCCEEDED, SpreadsheetUpload.Status.FAILED):
            return upload
        upload.status = SpreadsheetUpload.Status.RUNNING
        upload.save(update_fields=["status"])
    with translation.override(upload.language):
        try:
            with upload.file.open("rb") as handle:
                data = handle.read()
            validated = read_and_validate(data, upload.original_name, intake_context())
            upload.total_rows = len(validated.frame)
            upload.processed_rows = 0
            upload.save(update_fields=["total_rows", "processed_rows"])
            with transaction.atomic():
                reports = import_rows(
                    validated,
                    organisation=upload.organisation,
                    actor=upload.uploaded_by,
                    source=EnergyReport.Source.SPREADSHEET,
                )
                upload.processed_rows = len(reports)
                report_ids = [report.pk for report in reports]
                _finish(upload, SpreadsheetUpload.Status.SUCCEEDED, report_ids=report_ids)
                for start in range(0, len(report_ids), BATCH_SIZE):
                    dispatch_on_commit(BATCH_COMPUTE_TASK, report_ids[start : start + BATCH_SIZE])
        except ProblemsError as error:
            _finish(upload, SpreadsheetUpload.Status.FAILED, error.problems)
        except (OperationalError, InterfaceError):
            raise  # transient: the task retries; the upload stays running meanwhile
        except Exception as error:
            _finish(
                upload,
                SpreadsheetUpload.Status.FAILED,
                [Problem("unreadable_file", "file", params={"reason": type(error).__name__})],
            )
            raise
    return upload


def problems_table(upload: SpreadsheetUpload, fmt: str) -> bytes:
    """The upload's row errors as CSV or XLSX (formula-safe)."""
    frame = pd.DataFrame(upload.problems or [], columns=list(PROBLEM_COLUMNS))
    return table_bytes(frame, fmt)
