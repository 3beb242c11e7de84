"""Input problems that name the row, the field and the reason, in the user's language.

A problem is data (row, field, code, params) until it is shown; the message is rendered in the
active language, so the same problem reads in Chinese on a page and in English in an API call
with ``Accept-Language: en``.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "required": _("a value is required"),
    "not_a_number": _("must be a number, got “%(value)s”"),
    "not_an_integer": _("must be a whole number, got “%(value)s”"),
    "not_finite": _("must be a finite number, got “%(value)s”"),
    "negative": _("must not be negative, got %(value)s"),
    "too_large": _("%(value)s is implausibly large (limit %(limit)s %(unit)s)"),
    "zero_output": _("output must be greater than zero"),
    "unknown_province": _("unknown province “%(value)s”: use the GB/T 2260 code or the name"),
    "year_out_of_range": _("year %(value)s is outside %(minimum)s-%(maximum)s"),
    "no_factor_for_year": _(
        "no grid emission factor is published for %(value)s or earlier (earliest data year "
        "%(earliest)s)"
    ),
    "green_trade_above_grid": _(
        "green-power trading %(value)s kWh exceeds grid electricity %(grid)s kWh (it is part of it)"
    ),
    "green_above_consumption": _(
        "green-power trading, GECs and I-RECs cover %(value)s kWh, more than the %(grid)s kWh "
        "bought from the grid"
    ),
    "duplicate_plant_year": _("plant %(plant)s, year %(year)s also appears in row %(other)s"),
    "report_exists": _(
        "plant %(plant)s already has a report for %(year)s; correct it instead of uploading again"
    ),
    "plant_other_organisation": _("plant %(plant)s belongs to another organisation"),
    "plant_details_conflict": _("plant %(plant)s is registered in %(registered)s, not %(value)s"),
    "missing_columns": _("missing columns: %(columns)s"),
    "duplicate_columns": _("columns given twice: %(columns)s"),
    "unknown_columns": _("unknown columns: %(columns)s"),
    "empty_file": _("the file has no data rows"),
    "too_many_rows": _("the file has %(value)s rows; the limit is %(limit)s"),
    "file_too_large": _("the file is %(value)s bytes; the limit is %(limit)s"),
    "unsupported_file_type": _("unsupported file type “%(value)s”: upload CSV or XLSX"),
    "unreadable_file": _("the file cannot be read: %(reason)s"),
    "invalid_choice": _("“%(value)s” is not one of %(choices)s"),
    "text_too_long": _("text is longer than %(limit)s characters"),
    "formula_not_allowed": _("cells must hold values, not formulas (“%(value)s”)"),
    "weak_password": _("the password is not accepted: %(reason)s"),
    "username_taken": _("the user name “%(value)s” is already taken"),
    "wrong_password": _("the current password is wrong"),
    "evidence_too_large": _("the file is %(value)s bytes; the limit is %(limit)s"),
    "evidence_type": _(
        "unsupported or mislabelled file (%(value)s): upload PDF, OFD, PNG, JPEG, XLSX or DOCX"
    ),
    "empty_upload": _("the file is empty"),
    "evidence_other_report": _("evidence %(value)s belongs to another report"),
    "character_not_allowed": _("the text contains a character that is not allowed: %(value)s"),
    "date_out_of_range": _("date %(value)s is outside %(minimum)s to %(maximum)s"),
    "wrong_unit": _(
        "column “%(value)s” is in %(found)s; this column takes %(unit)s: convert "
        "the figures or use the template's header"
    ),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input. ``row`` is the spreadsheet row number (header is 1)."""

    code: str
    field: str | None = None
    row: int | None = None
    params: dict[str, Any] = dataclass_field(default_factory=dict)
    field_label: str | None = None

    @property
    def reason(self) -> str:
        template = MESSAGES.get(self.code)
        if template is None:
            return self.code
        return str(template) % self.params if self.params else str(template).replace("%%", "%")

    @property
    def message(self) -> str:
        label = self.field_label or self.field
        if self.row is not None and label:
            return gettext("Row %(row)s, column %(field)s: %(reason)s") % {
                "row": self.row,
                "field": label,
                "reason": self.reason,
            }
        if self.row is not None:
            return gettext("Row %(row)s: %(reason)s") % {"row": self.row, "reason": self.reason}
        if label:
            return gettext("%(field)s: %(reason)s") % {"field": label, "reason": self.reason}
        return self.reason

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "code": self.code, "message": self.message}


class ProblemsError(Exception):
    """Input was refused; nothing was written. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(problem.message for problem in problems[:5]))
