"""Reading and checking criteria files (pure, no Django): YAML -> validated document.

A file is refused with every problem found, each naming the file, the field (a JSON pointer)
and the reason: first the JSON Schema in ``criteria/schema``, then the checks a schema cannot
express (ids unique, references resolve, units match the metric, ratios written as 0..1).
A version is identified by the SHA-256 of the parsed document as canonical JSON, so editing a
comment changes nothing while changing any value makes a new version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from factory_eval.evaluation.engine import METRIC_UNITS, RATIO_METRICS

ROOT = Path(__file__).resolve().parents[2]
CRITERIA_DIR = ROOT / "criteria"
SCHEMA_PATH = CRITERIA_DIR / "schema" / "criteria-set.schema.json"


@dataclass(frozen=True)
class CriteriaProblem:
    """One thing wrong with a criteria file. ``code`` selects the (translated) reason."""

    path: str
    pointer: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "field": self.pointer or "/",
            "code": self.code,
            "params": self.params,
        }


class CriteriaFileError(ValueError):
    """One or more criteria files were refused; nothing was loaded."""

    def __init__(self, problems: list[CriteriaProblem]):
        self.problems = problems
        super().__init__(
            "; ".join(f"{p.path} {p.pointer or '/'}: {p.code} {p.params}" for p in problems[:5])
        )


@dataclass(frozen=True)
class CriteriaFile:
    path: Path
    sha256: str
    document: dict
    text: str

    @property
    def slug(self) -> str:
        return self.document["slug"]


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text (the schema checks them) and refuses duplicate keys."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class DuplicateKeyError(yaml.MarkedYAMLError):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise DuplicateKeyError(
                problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
            )
        keys.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@cache
def schema_validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def document_sha256(document: dict) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _pointer(parts) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _schema_problems(path: str, document: Any) -> list[CriteriaProblem]:
    errors = sorted(
        schema_validator().iter_errors(document),
        key=lambda error: (list(map(str, error.absolute_path)), error.message),
    )
    return [
        CriteriaProblem(
            path, _pointer(error.absolute_path), "schema", {"reason": error.message[:300]}
        )
        for error in errors
    ]


def _semantic_problems(path: str, doc: dict) -> list[CriteriaProblem]:
    problems: list[CriteriaProblem] = []

    def add(pointer: str, code: str, **params) -> None:
        problems.append(CriteriaProblem(path, pointer, code, params))

    seen: dict[str, str] = {}
    sections = [
        ("gates", doc["gates"]),
        ("rules", doc["rules"]),
        ("period_rules", doc["period_rules"]),
        ("levels", doc["levels"]),
        ("scoring/indicators", (doc.get("scoring") or {}).get("indicators", [])),
    ]
    for section, items in sections:
        for index, item in enumerate(items):
            pointer = f"/{section}/{index}/id"
            if item["id"] in seen:
                add(pointer, "duplicate_id", id=item["id"], other=seen[item["id"]])
            else:
                seen[item["id"]] = pointer
    gate_ids = {gate["id"] for gate in doc["gates"]}
    rule_ids = {rule["id"] for rule in doc["rules"]} | {r["id"] for r in doc["period_rules"]}
    used: set[str] = set()
    conditions = [("/prerequisites", doc["prerequisites"])] + [
        (f"/levels/{i}/conditions", level["conditions"]) for i, level in enumerate(doc["levels"])
    ]
    for pointer, condition in conditions:
        for index, gate_id in enumerate(condition.get("gates", [])):
            used.add(gate_id)
            if gate_id not in gate_ids:
                add(f"{pointer}/gates/{index}", "unknown_gate", id=gate_id)
        for index, rule_id in enumerate(condition.get("rules", [])):
            used.add(rule_id)
            if rule_id not in rule_ids:
                add(f"{pointer}/rules/{index}", "unknown_rule", id=rule_id)
        if "min_score" in condition and not doc.get("scoring"):
            add(f"{pointer}/min_score", "score_without_scoring")
    for index, indicator in enumerate((doc.get("scoring") or {}).get("indicators", [])):
        pointer = f"/scoring/indicators/{index}"
        if "gate" in indicator:
            used.add(indicator["gate"])
            if indicator["gate"] not in gate_ids:
                add(f"{pointer}/gate", "unknown_gate", id=indicator["gate"])
        elif indicator["zero_at"] == indicator["full_at"]:
            add(f"{pointer}/full_at", "empty_scale")
    for index, rule in enumerate(doc["rules"]):
        unit = METRIC_UNITS[rule["metric"]]
        if rule["unit"] != unit:
            add(
                f"/rules/{index}/unit",
                "unit_mismatch",
                metric=rule["metric"],
                unit=unit,
                value=rule["unit"],
            )
        if rule["metric"] in RATIO_METRICS and not 0 <= rule["threshold"] <= 1:
            add(f"/rules/{index}/threshold", "ratio_out_of_range", value=rule["threshold"])
    for section, items in (
        ("gates", doc["gates"]),
        ("rules", doc["rules"]),
        ("period_rules", doc["period_rules"]),
    ):
        for index, item in enumerate(items):
            if item["id"] not in used:
                add(f"/{section}/{index}/id", "unused", id=item["id"])
    status = doc["status"]
    if status.get("successor") == doc["slug"]:
        add("/status/successor", "own_successor")
    if status["state"] != "withdrawn" and "withdrawn_on" in status:
        add("/status/withdrawn_on", "withdrawn_date_in_force")
    if doc["grid_factor"]["data_year"] != "fixed" and "year" in doc["grid_factor"]:
        add("/grid_factor/year", "year_without_fixed")
    return problems


def parse_text(text: str, path: str) -> tuple[dict | None, list[CriteriaProblem]]:
    """Parse and validate one file's text; the document is None when there are problems."""
    try:
        document = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return None, [
            CriteriaProblem(
                path,
                "",
                "yaml",
                {
                    "line": mark.line + 1 if mark else None,
                    "column": mark.column + 1 if mark else None,
                    "reason": str(getattr(error, "problem", None) or error),
                },
            )
        ]
    problems = _schema_problems(path, document)
    if problems:
        return None, problems
    problems = _semantic_problems(path, document)
    return (None, problems) if problems else (document, [])


def read_file(path: Path) -> CriteriaFile:
    """One validated file; raises CriteriaFileError naming every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CriteriaFileError(
            [CriteriaProblem(str(path), "", "unreadable", {"reason": str(error)})]
        ) from error
    document, problems = parse_text(text, str(path))
    if problems:
        raise CriteriaFileError(problems)
    return CriteriaFile(path, document_sha256(document), document, text)


def read_directory(directory: Path = CRITERIA_DIR) -> list[CriteriaFile]:
    """Every ``*.yaml`` in ``directory``, all validated; one bad file refuses them all."""
    problems: list[CriteriaProblem] = []
    files: list[CriteriaFile] = []
    slugs: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            item = read_file(path)
        except CriteriaFileError as error:
            problems += error.problems
            continue
        if path.stem != item.slug:
            problems.append(
                CriteriaProblem(
                    str(path), "/slug", "file_name", {"slug": item.slug, "name": path.name}
                )
            )
        if item.slug in slugs:
            problems.append(
                CriteriaProblem(
                    str(path),
                    "/slug",
                    "duplicate_slug",
                    {"slug": item.slug, "other": slugs[item.slug]},
                )
            )
        slugs[item.slug] = str(path)
        files.append(item)
    if problems:
        raise CriteriaFileError(problems)
    return files


def find_file(slug_or_path: str, directory: Path = CRITERIA_DIR) -> CriteriaFile:
    """A set by slug from ``directory``, or a file by path (a draft being written)."""
    candidate = Path(slug_or_path)
    if candidate.suffix in (".yaml", ".yml") and candidate.exists():
        return read_file(candidate)
    path = directory / f"{slug_or_path}.yaml"
    if not path.exists():
        known = sorted(p.stem for p in directory.glob("*.yaml"))
        raise CriteriaFileError(
            [
                CriteriaProblem(
                    str(path), "", "unknown_set", {"slug": slug_or_path, "known": ", ".join(known)}
                )
            ]
        )
    return read_file(path)
