"""``manage.py demo --output DIR``: the synthetic demo data through the whole pipeline."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from factory_eval.accounting.exports import render
from factory_eval.accounting.selectors import latest_result
from factory_eval.certificates.services import verification_url
from factory_eval.demo.pipeline import run_pipeline, wait_for_certificates
from factory_eval.demo.services import load_demo_data
from factory_eval.demo.users import demo_password, ensure_demo_users
from factory_eval.evaluation.selectors import latest_evaluations
from factory_eval.evaluation.services import load_criteria
from factory_eval.factors.services import load_reference_editions
from factory_eval.subsidies.services import load_programmes


def _evaluations(report) -> list[dict]:
    return [
        {
            "criteria": evaluation.criteria_version.criteria_set.slug,
            "version": evaluation.criteria_version.sha256[:12],
            "level": evaluation.level or None,
            "passed": evaluation.passed,
            "status": evaluation.status,
            "provisional": evaluation.provisional,
        }
        for evaluation in latest_evaluations(report)
    ]


class Command(BaseCommand):
    help = (
        "Load the synthetic demo data and take it through the whole pipeline: submit, "
        "compute and evaluate (Celery: in-process on the embedded default, on workers with "
        "REDIS_URL), review with the demo reviewer, approve, issue certificates. Writes the "
        "results, the certificates and the demo accounts to DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=Path("out/demo"))
        parser.add_argument(
            "--timeout",
            type=int,
            default=600,
            help="seconds to wait for workers when REDIS_URL is set",
        )

    def handle(self, *args, **options):
        output: Path = options["output"]
        (output / "certificates").mkdir(parents=True, exist_ok=True)
        # The demo's approval mails go to files, not over the terminal (or to anyone).
        settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
        settings.EMAIL_FILE_PATH = str((output / "mail").resolve())
        load_reference_editions()
        load_criteria()
        load_programmes()
        demo = load_demo_data()
        accounts = ensure_demo_users(demo.organisations)
        self.stdout.write(
            f"demo data: {len(demo.plants)} plants, {len(demo.reports)} reports"
            f"{' (created)' if demo.created else ' (already loaded)'}"
        )
        outcome = run_pipeline(demo.reports, demo.plant_entries, timeout=options["timeout"])
        states = ", ".join(f"{count} {state}" for state, count in sorted(outcome.left.items()))
        self.stdout.write(
            f"pipeline: {outcome.submitted} submitted and computed, "
            f"{outcome.approved} approved; now {states}"
        )

        documents = []
        for report in demo.reports:
            result = latest_result(report)
            if result is not None:
                documents.append(
                    result.document
                    | {
                        "report_id": report.pk,
                        "status": report.status,
                        "evaluations": _evaluations(report),
                    }
                )
        (output / "results.json").write_bytes(render(documents, "json"))
        (output / "results.csv").write_bytes(render(documents, "csv"))
        self.stdout.write(f"results: {len(documents)} in {output}/results.json and .csv")

        certificates = wait_for_certificates(demo.reports, timeout=options["timeout"])
        with (output / "certificates" / "index.csv").open(
            "w", newline="", encoding="utf-8-sig"
        ) as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
                    "serial",
                    "plant_code",
                    "plant_name",
                    "year",
                    "criteria",
                    "level",
                    "provisional",
                    "valid_until",
                    "verification_url",
                    "file",
                ]
            )
            for certificate in certificates:
                name = f"{certificate.serial}.pdf"
                with (
                    certificate.pdf.open("rb") as source,
                    (output / "certificates" / name).open("wb") as target,
                ):
                    shutil.copyfileobj(source, target)
                writer.writerow(
                    [
                        certificate.serial,
                        certificate.plant.code,
                        certificate.plant.name_zh,
                        certificate.reporting_year,
                        certificate.criteria_slug,
                        certificate.level_code,
                        certificate.provisional,
                        certificate.valid_until,
                        verification_url(certificate.serial),
                        name,
                    ]
                )
        self.stdout.write(
            f"certificates: {len(certificates)} in {output}/certificates/ "
            f"(notification mails in {output}/mail/)"
        )

        lines = [f"{account.username:26} {account.description}" for account in accounts]
        credentials = (
            "Demo accounts (password for all: " + demo_password() + ")\n" + "\n".join(lines) + "\n"
        )
        (output / "credentials.txt").write_text(credentials, encoding="utf-8")
        self.stdout.write(credentials)
