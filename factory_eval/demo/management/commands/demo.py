"""``manage.py demo --output DIR``: the synthetic demo data through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from factory_eval.accounting.exports import render
from factory_eval.accounting.selectors import latest_result
from factory_eval.core.dispatch import task_by_name
from factory_eval.demo.services import load_demo_data
from factory_eval.demo.users import demo_password, ensure_demo_users
from factory_eval.evaluation.selectors import latest_evaluations
from factory_eval.evaluation.services import load_criteria
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
        load_criteria()
        demo = load_demo_data()
        accounts = ensure_demo_users(demo.organisations)
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
            evaluations = [
                {"criteria": evaluation.criteria_version.criteria_set.slug,
                 "version": evaluation.criteria_version.sha256[:12],
                 "level": evaluation.level or None, "passed": evaluation.passed,
                 "status": evaluation.status, "provisional": evaluation.provisional}
                for evaluation in latest_evaluations(report)]
            documents.append(result.document | {"report_id": report.pk,
                                                "evaluations": evaluations})
        (output / "results.json").write_bytes(render(documents, "json"))
        (output / "results.csv").write_bytes(render(documents, "csv"))
        self.stdout.write(f"results written to {output}/results.json and results.csv")
        lines = [f"{account.username:26} {account.description}" for account in accounts]
        credentials = ("Demo accounts (password for all: " + demo_password() + ")\n"
                       + "\n".join(lines) + "\n")
        (output / "credentials.txt").write_text(credentials, encoding="utf-8")
        self.stdout.write(credentials)
