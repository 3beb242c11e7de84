"""``manage.py recalculate``: compute reports again against the latest factor editions."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from factory_eval.accounting.selectors import compare_results
from factory_eval.accounting.services import ComputationError, recalculate_report
from factory_eval.reporting.models import EnergyReport


def _text(value) -> str:
    if isinstance(value, float):
        return f"{value:,.6g}"
    return "-" if value is None else str(value)


class Command(BaseCommand):
    help = (
        "Recalculate reports against the latest factor editions. The old results stay; "
        "the new ones link to them, and old and new figures are printed side by side."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--report", type=int, action="append", help="report id (repeatable)")
        target.add_argument("--all", action="store_true", help="every report that has a result")
        parser.add_argument("--reason", required=True, help="why (kept in the audit trail)")

    def handle(self, *args, **options):
        reports = (
            EnergyReport.objects.filter(results__isnull=False).distinct()
            if options["all"]
            else EnergyReport.objects.filter(pk__in=options["report"])
        )
        if not reports.exists():
            raise CommandError("no such report with a result")
        for report in reports.select_related("plant"):
            try:
                new, previous = recalculate_report(report, reason=options["reason"])
            except ComputationError as error:
                self.stderr.write(str(error))
                continue
            if previous is None or new.pk == previous.pk:
                self.stdout.write(f"{report}: unchanged (result #{new.pk})")
                continue
            self.stdout.write(f"{report}: result #{previous.pk} -> #{new.pk}")
            for row in compare_results(previous, new):
                self.stdout.write(
                    f"  {row['figure']:40} {_text(row['old']):>18} "
                    f"{_text(row['new']):>18} {_text(row['change']):>14}"
                )
