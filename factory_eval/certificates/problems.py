"""Messages for the input problems certificate services raise (added to the shared catalogue)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from factory_eval.core.problems import MESSAGES

CERTIFICATE_MESSAGES = {
    "certificate_withdrawn": _("certificate %(serial)s is already %(status)s"),
    "certificate_same_inputs": _(
        "the replacement has the same inputs as certificate %(serial)s; nothing to supersede"
    ),
    "certificate_other_plant_year": _(
        "the replacement is for %(value)s, not %(expected)s: a certificate is superseded only "
        "by one for the same plant and reporting year"
    ),
    "result_not_found": _("no accounting result with id %(value)s"),
    "valid_until_before_issue": _("validity ends %(value)s, before the issue date %(issued)s"),
}


def register() -> None:
    for code, message in CERTIFICATE_MESSAGES.items():
        MESSAGES.setdefault(code, message)
