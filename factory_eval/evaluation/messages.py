"""Messages for refused criteria files and gate confirmations, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from factory_eval.core.problems import Problem
from factory_eval.evaluation.criteria_files import CriteriaProblem

CRITERIA_REASONS = {
    "yaml": _("not valid YAML (line %(line)s, column %(column)s): %(reason)s"),
    "schema": _("does not match the criteria schema: %(reason)s"),
    "unreadable": _("the file cannot be read: %(reason)s"),
    "duplicate_id": _("id “%(id)s” is used twice (also at %(other)s)"),
    "unknown_gate": _("no gate item with id “%(id)s”"),
    "unknown_rule": _("no rule or period rule with id “%(id)s”"),
    "score_without_scoring": _("min_score needs a scoring section"),
    "empty_scale": _("full_at must differ from zero_at"),
    "unit_mismatch": _("unit of %(metric)s must be “%(unit)s”, not “%(value)s”"),
    "ratio_out_of_range": _("a ratio is written from 0 to 1 (80 %% is 0.8), got %(value)s"),
    "unused": _("“%(id)s” is defined but no level, prerequisite or indicator uses it"),
    "own_successor": _("a set cannot be its own successor"),
    "withdrawn_date_in_force": _("withdrawn_on is only for a withdrawn set"),
    "year_without_fixed": _("year is only for data_year: fixed"),
    "file_name": _("the file must be named %(slug)s.yaml after its slug, not %(name)s"),
    "duplicate_slug": _("slug “%(slug)s” is also used by %(other)s"),
    "unknown_set": _("no criteria set “%(slug)s”; known sets: %(known)s"),
}

GATE_PROBLEMS = {
    "unknown_gate": _("no loaded criteria set has a gate item “%(value)s”"),
    "evidence_other_report": _("the evidence belongs to another report"),
    "unknown_criteria_set": _("no loaded criteria set “%(value)s”"),
    "gate_not_required": _(
        "gate item “%(value)s” is not required by the criteria sets of this report (%(required)s)"
    ),
    "first_period_after_year": _(
        "the first period (%(value)s) cannot be after the reporting year %(year)s"
    ),
    "gate_pending": _(
        "gate item “%(value)s” (%(title)s), required by %(sets)s, is still pending: confirm "
        "it, reject it or mark it not applicable before approving"
    ),
    "evaluation_pending": _(
        "the evaluation against %(criteria)s is still pending; re-evaluate before approving"
    ),
}


@dataclass(frozen=True)
class Bilingual:
    """A criteria text ({zh, en} in the file) shown in the language active when rendered."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh if (get_language() or "zh-hans").startswith("zh") else self.en


@dataclass(frozen=True)
class EvaluationProblem(Problem):
    """A refused gate confirmation or criteria choice (same shape as intake problems)."""

    @property
    def reason(self) -> str:
        template = GATE_PROBLEMS.get(self.code)
        if template is None:
            return super().reason
        return str(template) % self.params if self.params else str(template)


def criteria_reason(problem: CriteriaProblem) -> str:
    template = CRITERIA_REASONS.get(problem.code)
    if template is None:
        return problem.code
    return str(template) % problem.params if problem.params else str(template).replace("%%", "%")


def criteria_message(problem: CriteriaProblem) -> str:
    return gettext("%(path)s, field %(field)s: %(reason)s") % {
        "path": problem.path,
        "field": problem.pointer or "/",
        "reason": criteria_reason(problem),
    }
