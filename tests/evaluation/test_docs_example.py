"""The complete example in docs/criteria.md is a valid set and evaluates as described."""

from __future__ import annotations

import re
from pathlib import Path

from factory_eval.evaluation.criteria_files import parse_text
from factory_eval.evaluation.engine import evaluate
from tests.evaluation.builders import metrics_for

DOCS = Path(__file__).resolve().parents[2] / "docs" / "criteria.md"


def example() -> str:
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## 6. Complete example") :]
    return re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)


def test_docs_example_is_valid_and_evaluates():
    document, problems = parse_text(example(), "docs/criteria.md")
    assert problems == [] and document["slug"] == "shanghai-t-seesa-009"
    gates = {gate["id"]: "confirmed" for gate in document["gates"]}
    metrics = metrics_for("suzhou-sip-zero-2026")  # same instruments and offsets rules
    outcome = evaluate(metrics, gates, [], document)
    assert outcome["level"] == "creation_unit" and outcome["provisional"] is True
    assert outcome["gap"]["next_level"] == "benchmark_unit"
