from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from factory_eval.core.problems import ProblemsError
from factory_eval.subsidies.services import (
    PROGRAMMES_FILE,
    RECOGNITION_MAP_FILE,
    load_programmes,
)


class Command(BaseCommand):
    help = (
        "Load subsidy programmes and the recognition map; a programme whose content "
        "changed gets a new version beside the old ones."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--programmes",
            type=Path,
            default=PROGRAMMES_FILE,
            help="CSV of programmes (subsidy_programs_cn.csv columns)",
        )
        parser.add_argument(
            "--map",
            type=Path,
            default=RECOGNITION_MAP_FILE,
            help="CSV mapping programmes to accepted (criteria set, level)",
        )

    def handle(self, *args, **options):
        try:
            loaded = load_programmes(options["programmes"], options["map"])
        except ProblemsError as error:
            lines = "\n".join(problem.message for problem in error.problems)
            raise CommandError(_("Nothing was loaded:") + "\n" + lines) from error
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        for item in loaded:
            version = item.version
            state = _("added") if item.created else _("unchanged")
            accepted = (
                ", ".join(
                    f"{entry['criteria']}/{entry['level']}"
                    for entry in version.accepted_recognitions
                )
                or "-"
            )
            self.stdout.write(
                f"{state:9} {version.programme.code:36} v{version.number} "
                f"{version.max_award_cny:>12} {accepted}"
            )
