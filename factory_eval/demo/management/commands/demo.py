"""``manage.py demo --output DIR``: the synthetic demo data through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from factory_eval.accounting.exports import render
from factory_eval.accounting.selectors import latest_result
from factory_eval.core.dispatch import task_by_name
from factory_eval.demo.services import load_demo_data
from factory_eval.factors.services import load_reference_editions

ASSESS_BATCH = "factory_eval.evaluation.assess_batch"


class Command(BaseCommand):
    help = ("Load the synthetic demo data, compute every report (through Celery: in-process on "
            "the embedded default, on workers with REDIS_URL) and write the results to DIR.")

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=Path("out/demo"))
        parser.add_argument("--timeout", type=int, default=600,
                            help="seconds to wait for workers when REDIS_URL is set")

    def handle(self, *args, **options):
        output: Path = options["output"]
        output.mkdir(parents=True, exist_ok=True)
        load_reference_editions()
        demo = load_demo_data()
        self.stdout.write(f"demo data: {len(demo.plants)} plants, {len(demo.reports)} reports"
                          f"{' (created)' if demo.created else ' (already loaded)'}")
        report_ids = [report.pk for report in demo.reports]
        outcome = task_by_name(ASSESS_BATCH).delay(report_ids).get(
            timeout=options["timeout"])
        self.stdout.write(f"computed and evaluated: {outcome['reports']} reports, "
                          f"{outcome['evaluations']} evaluations ({outcome['created']} new)")
        documents = []
        for report in demo.reports:
            result = latest_result(report)
            documents.append(result.document | {"report_id": report.pk})
        (output / "results.json").write_bytes(render(documents, "json"))
        (output / "results.csv").write_bytes(render(documents, "csv"))
        self.stdout.write(f"results written to {output}/results.json and results.csv")
