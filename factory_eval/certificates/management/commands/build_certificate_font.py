"""``manage.py build_certificate_font``: pre-subset the CJK font certificates use (deploy step)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factory_eval.certificates import fonts


class Command(BaseCommand):
    help = (
        "Subset WenQuanYi Zen Hei to GB 2312 + ASCII + certificate symbols into the var "
        "directory, so that certificates render fast. Run at set-up and on deploy."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=Path, default=None, help=f"default: {fonts.SYSTEM_FONT}"
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help=f"default: VAR_DIR/fonts/{fonts.SUBSET_FILE_NAME}",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            path = fonts.build_subset_font(options["source"], options["output"])
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{path} ({path.stat().st_size // 1024} KiB) in {time.monotonic() - started:.1f} s"
        )
