"""``manage.py assess FILE``: the whole pipeline on a spreadsheet, without the server.

Reads the file, computes each plant-year and, with ``--criteria``, evaluates it against each
named criteria set (a slug from ``criteria/`` or the path of a draft file). Writes nothing to
the database.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext

from factory_eval.accounting.assessment import assess_rows
from factory_eval.accounting.exports import render
from factory_eval.accounting.factor_tables import AccountingOptions
from factory_eval.core.problems import ProblemsError
from factory_eval.evaluation.criteria_files import CriteriaFileError, find_file
from factory_eval.evaluation.file_assessment import evaluate_rows
from factory_eval.evaluation.messages import criteria_message
from factory_eval.factors.selectors import NoFactorEditionError
from factory_eval.reporting.intake import read_and_validate
from factory_eval.reporting.selectors import intake_context

INVALID_INPUT = 2


class Command(BaseCommand):
    help = (
        "Compute per-unit carbon results for a CSV/XLSX file of plant-years and print them. "
        "Exit code 2 and the error list when the file is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--criteria",
            action="append",
            default=[],
            metavar="SLUG",
            help="evaluate against this criteria set: a slug from criteria/ or "
            "the path of a criteria file (repeatable)",
        )
        parser.add_argument(
            "--grid-factor-level",
            default="auto",
            choices=["auto", "provincial", "regional", "national"],
        )
        parser.add_argument(
            "--factor-year", type=int, default=None, help="pin the grid factor data year"
        )
        parser.add_argument(
            "--residual-factor",
            default="grid",
            choices=["grid", "national_excl_market_nonfossil"],
            help="factor for grid kWh not covered by green power",
        )
        parser.add_argument("--format", default="json", choices=["json", "csv", "xlsx"])
        parser.add_argument("--output", type=Path, default=None)
        parser.add_argument(
            "--lang",
            default="zh-hans",
            choices=["zh-hans", "en"],
            help="language of error messages",
        )

    def handle(self, *args, **options):
        translation.activate(options["lang"])
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file", returncode=INVALID_INPUT)
        criteria_files = self._criteria(options["criteria"])
        try:
            context = intake_context()
        except NoFactorEditionError as error:
            raise CommandError(str(error)) from error
        try:
            validated = read_and_validate(path.read_bytes(), path.name, context)
            if validated.problems:
                raise ProblemsError(validated.problems)
        except ProblemsError as error:
            self._print_problems(error, options["format"])
            sys.exit(INVALID_INPUT)
        run_options = AccountingOptions(
            grid_factor_level=options["grid_factor_level"],
            factor_year=options["factor_year"],
            residual_factor=options["residual_factor"],
        )
        documents = assess_rows(validated, context.editions, run_options)
        if criteria_files:
            documents = evaluate_rows(
                documents, criteria_files, validated, context.editions, run_options
            )
        payload = render(documents, options["format"])
        if options["output"]:
            options["output"].write_bytes(payload)
            self.stderr.write(f"{len(documents)} results written to {options['output']}")
        elif options["format"] == "xlsx":
            raise CommandError("--format xlsx needs --output PATH")
        else:
            self.stdout.write(payload.decode("utf-8-sig"), ending="")

    def _criteria(self, names: list[str]) -> list:
        """Every named criteria file, validated up front; exit 2 naming each problem."""
        found, problems = [], []
        for name in dict.fromkeys(names):
            try:
                found.append(find_file(name))
            except CriteriaFileError as error:
                problems += error.problems
        if problems:
            for problem in problems:
                self.stderr.write(criteria_message(problem))
            raise CommandError(
                gettext("%(count)s criteria problem(s)") % {"count": len(problems)},
                returncode=INVALID_INPUT,
            )
        return found

    def _print_problems(self, error: ProblemsError, fmt: str) -> None:
        for problem in error.problems:
            self.stderr.write(problem.message)
        if fmt == "json":
            self.stdout.write(
                json.dumps(
                    {"errors": [problem.as_dict() for problem in error.problems]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
