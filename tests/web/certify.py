"""Issuing a certificate for an approved report, as the approval -> certificate wiring will.

A stand-in, for tests only, while that wiring is built elsewhere (the review workflow names the
evaluation it approved and issues through ``certificates.services.issue_certificate``). It
takes the report's default result, its evaluation that reached a level (or, failing one, the
first evaluation with its potential level) and the approving reviewer.
"""

from __future__ import annotations

from factory_eval.certificates.payloads import (
    CertificateInputs,
    CriteriaRef,
    LevelRef,
    ProvisionalParameter,
    ReviewerRef,
)
from factory_eval.certificates.services import issue_certificate
from factory_eval.evaluation.selectors import latest_evaluations
from factory_eval.web.selectors import default_result


def _level(evaluation) -> LevelRef:
    outcome = evaluation.outcome
    code = outcome.get("level") or outcome.get("potential_level") or outcome["levels"][0]["id"]
    level = next(item for item in outcome["levels"] if item["id"] == code)
    return LevelRef(code, level["name_zh"], level["name_en"])


def issue_certificate_for(report, *, reviewer, criteria_slug: str | None = None):
    evaluations = [item for item in latest_evaluations(report)
                   if criteria_slug is None or item.criteria_version.criteria_set.slug
                   == criteria_slug]
    evaluation = next((item for item in evaluations if item.level), evaluations[0])
    version = evaluation.criteria_version
    outcome = evaluation.outcome
    inputs = CertificateInputs(
        result_id=default_result(report).pk,
        criteria=CriteriaRef(version.criteria_set.slug, outcome["criteria_name_zh"],
                             outcome["criteria_name_en"], outcome["edition"], version.sha256),
        level=_level(evaluation),
        reviewer=ReviewerRef(reviewer.get_username()),
        provisional_parameters=tuple(
            ProvisionalParameter(item["id"], item["pointer"], "unverified", item["note"][:200])
            for item in outcome.get("unverified_parameters", [])[:3]),
        evaluation_id=evaluation.pk)
    return issue_certificate(inputs, actor=reviewer)
