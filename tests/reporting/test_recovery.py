"""Submissions and uploads whose task was lost are queued again, and stored only once."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from factory_eval.accounting.models import AccountingResult
from factory_eval.reporting.models import EnergyReport, SpreadsheetUpload
from factory_eval.reporting.recovery import requeue_stale
from factory_eval.reporting.uploads import upload_create
from tests.factories import make_report
from tests.reporting.helpers import csv_bytes, row


def test_stale_submission_is_computed_and_fresh_one_left_alone(
    editions, organisation, django_capture_on_commit_callbacks
):
    lost = make_report(organisation, code="LOST")
    fresh = make_report(organisation, code="FRESH")
    ancient = make_report(organisation, code="OLD")
    now = timezone.now()
    for report, age in ((lost, 30), (fresh, 2), (ancient, 60 * 24 * 30)):
        EnergyReport.objects.filter(pk=report.pk).update(
            status=EnergyReport.Status.SUBMITTED, submitted_at=now - dt.timedelta(minutes=age)
        )
    with django_capture_on_commit_callbacks(execute=True):
        requeued = requeue_stale()
    assert requeued["reports"] == [lost.pk]
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == EnergyReport.Status.COMPUTED
    assert fresh.status == EnergyReport.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale()["reports"] == []
    assert AccountingResult.objects.filter(report=lost).count() == 1


def test_stale_upload_is_processed_once(editions, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the broker "lost" this one
        upload = upload_create(
            organisation=organisation, data=csv_bytes([row()]), filename="plants.csv"
        )
    SpreadsheetUpload.objects.filter(pk=upload.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale()["uploads"] == [upload.pk]
    upload.refresh_from_db()
    assert upload.status == SpreadsheetUpload.Status.SUCCEEDED
    assert EnergyReport.objects.filter(plant__code="T-01").count() == 1
