from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from factory_eval.reporting.intake.template import template_csv, template_xlsx


class Command(BaseCommand):
    help = "Write the spreadsheet intake template (one row per plant-year)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--lang", choices=["zh-hans", "en"], default="zh-hans")
        parser.add_argument(
            "--output", type=Path, default=None, help="default: energy-report-template.<format>"
        )

    def handle(self, *args, **options):
        translation.activate(options["lang"])
        output = options["output"] or Path(f"energy-report-template.{options['format']}")
        data = (template_xlsx if options["format"] == "xlsx" else template_csv)(options["lang"])
        output.write_bytes(data)
        self.stdout.write(str(output))
