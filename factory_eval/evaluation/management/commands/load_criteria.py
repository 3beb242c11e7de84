"""``manage.py load_criteria``: validate criteria files and load new contents as versions."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext

from factory_eval.evaluation.criteria_files import CRITERIA_DIR, CriteriaFileError, read_directory
from factory_eval.evaluation.messages import criteria_message
from factory_eval.evaluation.services import load_criteria


class Command(BaseCommand):
    help = (
        "Validate the criteria files and load each new content as an immutable version "
        "(a changed file becomes a new version beside the old). Nothing is loaded when "
        "any file is malformed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=CRITERIA_DIR, help="folder holding the criteria YAML files"
        )
        parser.add_argument("--check", action="store_true", help="validate only; write nothing")
        parser.add_argument(
            "--lang",
            default="zh-hans",
            choices=["zh-hans", "en"],
            help="language of error messages",
        )

    def handle(self, *args, **options):
        translation.activate(options["lang"])
        try:
            if options["check"]:
                for item in read_directory(options["dir"]):
                    self.stdout.write(f"valid     {item.slug:24} {item.sha256[:12]}")
                return
            loaded = load_criteria(options["dir"])
        except CriteriaFileError as error:
            for problem in error.problems:
                self.stderr.write(criteria_message(problem))
            raise CommandError(
                gettext("%(count)s problem(s); nothing loaded") % {"count": len(error.problems)},
                returncode=2,
            ) from error
        for item in loaded:
            state = "loaded" if item.created else ("current" if item.made_current else "unchanged")
            version = item.version
            self.stdout.write(
                f"{state:9} {version.criteria_set.slug:24} v{version.number} "
                f"{version.sha256[:12]} {version.status}"
            )
