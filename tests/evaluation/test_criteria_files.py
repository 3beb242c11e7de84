"""Criteria files: the required sets are valid; malformed files are refused naming the file, the
field (JSON pointer) and the reason."""

from __future__ import annotations

import copy

import pytest
import yaml
from django.utils import translation

from factory_eval.evaluation.criteria_files import (
    CRITERIA_DIR,
    CriteriaFileError,
    document_sha256,
    find_file,
    parse_text,
    read_directory,
)
from factory_eval.evaluation.messages import criteria_message

REQUIRED_SETS = {
    "t-ceca-g-0171-2022",
    "pas-2060-2014",
    "iso-14068-1-2023",
    "suzhou-near-zero-2023",
    "suzhou-sip-zero-2026",
    "zhejiang-2023",
}


def test_required_sets_are_present_and_valid():
    files = {item.slug: item for item in read_directory()}
    assert set(files) >= REQUIRED_SETS
    pas = files["pas-2060-2014"].document["status"]
    assert pas == {
        **pas,
        "state": "withdrawn",
        "withdrawn_on": "2025-11-30",
        "successor": "iso-14068-1-2023",
    }
    for item in files.values():
        assert len(item.sha256) == 64


def test_unverified_placeholders_say_so():
    """Every unverified threshold or weight says it is a placeholder, or what it rests on."""
    for slug in ("t-ceca-g-0171-2022", "zhejiang-2023"):
        document = find_file(slug).document
        items = [*document["rules"], *document["scoring"]["indicators"], document["scoring"]]
        items += [
            level["conditions"]["min_score"]
            for level in document["levels"]
            if "min_score" in level["conditions"]
        ]
        for item in items:
            if item["confidence"] == "unverified":
                assert "placeholder" in item["note"].lower() or "rests on" in item["note"].lower()


def base() -> dict:
    return copy.deepcopy(find_file("pas-2060-2014").document)


def _set(document: dict, path: tuple, value) -> dict:
    target = document
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


DELETE = object()
MUTATIONS = [
    ("missing levels", ("levels",), DELETE, "", "schema", "'levels' is a required property"),
    (
        "threshold not a number",
        ("rules", 0, "threshold"),
        "abc",
        "/rules/0/threshold",
        "schema",
        "is not of type 'number'",
    ),
    (
        "bad confidence",
        ("rules", 0, "confidence"),
        "maybe",
        "/rules/0/confidence",
        "schema",
        "is not one of",
    ),
    (
        "rule without note",
        ("rules", 0, "note"),
        DELETE,
        "/rules/0",
        "schema",
        "'note' is a required property",
    ),
    (
        "unknown metric",
        ("rules", 0, "metric"),
        "happiness",
        "/rules/0/metric",
        "schema",
        "is not one of",
    ),
    (
        "misspelt key",
        ("rules", 0, "thresold"),
        1,
        "/rules/0",
        "schema",
        "Additional properties are not allowed",
    ),
    (
        "withdrawn without date",
        ("status", "withdrawn_on"),
        DELETE,
        "/status",
        "schema",
        "'withdrawn_on' is a required property",
    ),
    (
        "date format",
        ("status", "withdrawn_on"),
        "30/11/2025",
        "/status/withdrawn_on",
        "schema",
        "does not match",
    ),
    ("bad slug", ("slug",), "PAS 2060", "/slug", "schema", "does not match"),
    (
        "fixed year missing",
        ("grid_factor", "data_year"),
        "fixed",
        "/grid_factor",
        "schema",
        "'year' is a required property",
    ),
    (
        "unknown instrument",
        ("instruments", "accepted", 0),
        "bitcoin",
        "/instruments/accepted/0",
        "schema",
        "is not one of",
    ),
    (
        "unknown period kind",
        ("period_rules", 0, "kind"),
        "vibes",
        "/period_rules/0/kind",
        "schema",
        "is not one of",
    ),
    (
        "duplicate id",
        ("gates", 1, "id"),
        "carbon_management_plan",
        "/gates/1/id",
        "duplicate_id",
        None,
    ),
    (
        "unknown prerequisite gate",
        ("prerequisites", "gates", 0),
        "no_such_gate",
        "/prerequisites/gates/0",
        "unknown_gate",
        None,
    ),
    (
        "unknown level rule",
        ("levels", 0, "conditions", "rules", 0),
        "no_such_rule",
        "/levels/0/conditions/rules/0",
        "unknown_rule",
        None,
    ),
    ("percent unit", ("rules", 0, "unit"), "%", "/rules/0/unit", "unit_mismatch", None),
    (
        "ratio written as percent",
        ("rules", 0, "threshold"),
        100,
        "/rules/0/threshold",
        "ratio_out_of_range",
        None,
    ),
    (
        "min score without scoring",
        ("levels", 0, "conditions", "min_score"),
        {"value": 60, "confidence": "unverified", "note": "x"},
        "/levels/0/conditions/min_score",
        "score_without_scoring",
        None,
    ),
    (
        "own successor",
        ("status", "successor"),
        "pas-2060-2014",
        "/status/successor",
        "own_successor",
        None,
    ),
]


@pytest.mark.parametrize(
    ("path", "value", "pointer", "code", "reason"),
    [case[1:] for case in MUTATIONS],
    ids=[case[0] for case in MUTATIONS],
)
def test_malformed_file_is_refused_with_field_and_reason(path, value, pointer, code, reason):
    text = yaml.safe_dump(_set(base(), path, value), allow_unicode=True, sort_keys=False)
    document, problems = parse_text(text, "criteria/pas-2060-2014.yaml")
    assert document is None
    matching = [p for p in problems if p.pointer == pointer and p.code == code]
    assert matching, problems
    if reason:
        assert reason in matching[0].params["reason"]
    assert matching[0].path == "criteria/pas-2060-2014.yaml"


def test_unused_rule_is_refused():
    document = base()
    document["rules"].append({**document["rules"][0], "id": "spare"})
    _doc, problems = parse_text(yaml.safe_dump(document, allow_unicode=True), "x.yaml")
    assert [(p.pointer, p.code) for p in problems] == [("/rules/1/id", "unused")]


def test_yaml_syntax_error_names_line_and_column():
    _doc, problems = parse_text("slug: pas\nname: [unclosed\n", "criteria/broken.yaml")
    assert problems[0].code == "yaml" and problems[0].params["line"] == 3


def test_duplicate_yaml_key_is_refused():
    text = find_file("pas-2060-2014").text + "\nslug: pas-2060-2014\n"
    _doc, problems = parse_text(text, "criteria/pas-2060-2014.yaml")
    assert problems[0].code == "yaml" and "duplicate key 'slug'" in problems[0].params["reason"]


def test_dates_stay_text_and_comments_do_not_change_the_version():
    item = find_file("pas-2060-2014")
    assert item.document["status"]["withdrawn_on"] == "2025-11-30"
    document, _ = parse_text("# a new comment\n" + item.text, "x.yaml")
    assert document_sha256(document) == item.sha256
    changed, _ = parse_text(item.text.replace("threshold: 1.0", "threshold: 0.99"), "x.yaml")
    assert document_sha256(changed) != item.sha256


def test_directory_refuses_misnamed_and_duplicate_files(tmp_path):
    text = (CRITERIA_DIR / "pas-2060-2014.yaml").read_text(encoding="utf-8")
    (tmp_path / "pas-2060-2014.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "pas-copy.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CriteriaFileError) as refused:
        read_directory(tmp_path)
    codes = {(problem.path.rsplit("/", 1)[-1], problem.code) for problem in refused.value.problems}
    assert codes == {("pas-copy.yaml", "file_name"), ("pas-copy.yaml", "duplicate_slug")}


def test_unknown_set_lists_known_ones():
    with pytest.raises(CriteriaFileError) as refused:
        find_file("no-such-set")
    problem = refused.value.problems[0]
    assert problem.code == "unknown_set" and "pas-2060-2014" in problem.params["known"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "criteria/pas-2060-2014.yaml, field /rules/0/unit: unit of offset_ratio must be "
            "“ratio”, not “%”",
        ),
        (
            "zh-hans",
            "criteria/pas-2060-2014.yaml，字段 /rules/0/unit：offset_ratio 的单位必须是"
            "“ratio”，而不是“%”",
        ),
    ],
)
def test_message_names_path_field_and_reason_in_the_users_language(language, expected):
    document = _set(base(), ("rules", 0, "unit"), "%")
    _doc, problems = parse_text(
        yaml.safe_dump(document, allow_unicode=True), "criteria/pas-2060-2014.yaml"
    )
    with translation.override(language):
        assert criteria_message(problems[0]) == expected
