"""Reads that only the pages need, across apps; all built on the apps' ``visible_*`` selectors,
so a page never shows more than the API would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from factory_eval.accounting.factor_tables import AccountingOptions
from factory_eval.accounting.models import AccountingResult
from factory_eval.accounting.selectors import report_snapshots, snapshot_sha256
from factory_eval.certificates.models import Certificate
from factory_eval.certificates.selectors import (
    STATUS_LABELS,
    CertificateStatus,
    status_of,
    visible_certificates,
)
from factory_eval.reporting.models import EnergyReport
from factory_eval.reporting.selectors import visible_reports, visible_uploads
from factory_eval.reviews.models import Review
from factory_eval.reviews.selectors import visible_reviews


def default_result(report: EnergyReport) -> AccountingResult | None:
    """The report's newest result under the service's default options (a criteria set with
    its own grid-factor policy stores another result beside it; that one is not "the" result).
    """
    default = AccountingOptions().as_dict()
    results = list(report.results.order_by("-created_at", "-id"))
    return next(
        (result for result in results if result.options == default), results[0] if results else None
    )


def result_is_current(report: EnergyReport, result: AccountingResult) -> bool:
    """False when the draft changed after ``result`` was computed (the page says so)."""
    snapshot = report_snapshots([report.pk]).get(report.pk)
    return snapshot is not None and snapshot_sha256(snapshot) == result.inputs_sha256


@dataclass
class CertificateRow:
    certificate: Certificate
    status: str
    payload: dict

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[CertificateStatus(self.status)])


def certificate_rows(certificates, today: date | None = None) -> list[CertificateRow]:
    return [
        CertificateRow(item, status_of(item, today).value, item.payload) for item in certificates
    ]


def report_certificates(user, report: EnergyReport) -> list[CertificateRow]:
    return certificate_rows(visible_certificates(user).filter(report=report))


def report_reviews(user, report: EnergyReport) -> QuerySet[Review]:
    return visible_reviews(user).filter(report=report).order_by("-started_at", "-id")


def open_review_of(report: EnergyReport) -> Review | None:
    return (
        report.reviews.filter(decision=Review.Decision.PENDING).select_related("reviewer").first()
    )


def returned_drafts(user) -> QuerySet[EnergyReport]:
    """Drafts a reviewer sent back, with the returning reviews (their comments say why)."""
    returned = Review.objects.filter(decision=Review.Decision.RETURNED).order_by("-decided_at")
    return (
        visible_reports(user)
        .filter(status=EnergyReport.Status.DRAFT, reviews__decision=Review.Decision.RETURNED)
        .distinct()
        .prefetch_related(Prefetch("reviews", queryset=returned, to_attr="returns"))
    )


def recent_uploads(user, limit: int = 5):
    return visible_uploads(user).select_related("organisation")[:limit]


def latest_certificates(user, limit: int = 8) -> list[CertificateRow]:
    return certificate_rows(visible_certificates(user).order_by("-issued_at", "-id")[:limit])


ELIGIBILITY_FILTERS = ("criteria", "level", "year", "city", "district", "status")


def certificate_register(user, filters: dict[str, str]) -> list[CertificateRow]:
    """Certificates in the user's view with their status today, filtered; what subsidy
    eligibility rests on (a valid certificate at the required level in the jurisdiction)."""
    queryset = visible_certificates(user).order_by("plant__code", "-reporting_year", "-id")
    if filters.get("criteria"):
        queryset = queryset.filter(criteria_slug=filters["criteria"])
    if filters.get("level"):
        queryset = queryset.filter(level_code=filters["level"])
    if filters.get("year", "").isdigit():
        queryset = queryset.filter(reporting_year=int(filters["year"]))
    if filters.get("city"):
        queryset = queryset.filter(plant__city=filters["city"])
    if filters.get("district"):
        queryset = queryset.filter(plant__district=filters["district"])
    rows = certificate_rows(queryset, timezone.localdate())
    wanted = filters.get("status") or "valid"
    return rows if wanted == "all" else [row for row in rows if row.status == wanted]


def register_choices(user) -> dict[str, list]:
    """Values the register's filters offer: what occurs among the user's certificates."""
    queryset = visible_certificates(user).order_by()
    return {
        "criteria": sorted(set(queryset.values_list("criteria_slug", flat=True))),
        "level": sorted(set(queryset.values_list("level_code", flat=True))),
        "year": sorted(set(queryset.values_list("reporting_year", flat=True)), reverse=True),
        "city": sorted(set(queryset.values_list("plant__city", flat=True)) - {""}),
        "district": sorted(set(queryset.values_list("plant__district", flat=True)) - {""}),
    }
