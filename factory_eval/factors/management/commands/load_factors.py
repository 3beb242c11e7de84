from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factory_eval.factors.services import (
    REFERENCE_DIR,
    ReferenceDataError,
    load_reference_editions,
)


class Command(BaseCommand):
    help = "Load reference factor files as immutable editions (new content -> new edition)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=REFERENCE_DIR,
            help="folder holding manifest.yaml and the CSV files",
        )

    def handle(self, *args, **options):
        try:
            loaded = load_reference_editions(options["dir"])
        except (ReferenceDataError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        for item in loaded:
            state = "loaded" if item.created else "unchanged"
            self.stdout.write(
                f"{state:9} {item.edition.kind:15} #{item.edition.pk} "
                f"{item.edition.sha256[:12]} {item.edition.title_en}"
            )
