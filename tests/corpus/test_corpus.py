"""The hostile-input corpus (manifest.yaml) through the API and the spreadsheet intake.

Each refusal must be a 4xx in the one error format, name its problem, and write nothing: the
rows of every table the input could reach are compared before and after.
"""

from __future__ import annotations

import json
from pathlib import Path
from string import Template

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from factory_eval.accounting.models import AccountingResult
from factory_eval.audit.models import Event
from factory_eval.core.problems import ProblemsError
from factory_eval.organisations.models import Organisation
from factory_eval.plants.models import Plant
from factory_eval.reporting.intake import read_and_validate
from factory_eval.reporting.models import (
    DeclaredEmission,
    EnergyReport,
    Evidence,
    GreenPowerInstrument,
    OffsetRetirement,
    SpreadsheetUpload,
    SteamPurchase,
)
from factory_eval.reporting.selectors import intake_context
from tests.corpus.build import FILES, generated
from tests.factories import make_plant, make_report
from tests.roles import build_cast, client_for

MANIFEST = yaml.safe_load((Path(__file__).parent / "manifest.yaml").read_text("utf-8"))
SMALL_LIMIT = 4096  # oversized cases lower their size limit, so the file stays small
MODELS = (
    Organisation,
    Plant,
    EnergyReport,
    GreenPowerInstrument,
    SteamPurchase,
    OffsetRetirement,
    DeclaredEmission,
    Evidence,
    SpreadsheetUpload,
    AccountingResult,
    Event,
)


def snapshot(*, except_uploads: bool = False) -> dict:
    """Every row the input could reach (uploads and their events left out when asked)."""
    state = {}
    for model in MODELS:
        rows = model.objects.all()
        if except_uploads and model is SpreadsheetUpload:
            continue
        if except_uploads and model is Event:
            rows = rows.exclude(action__startswith="reporting.upload_")
        state[model.__name__] = sorted(map(repr, rows.values_list()))
    return state


def case_bytes(case: dict) -> bytes:
    if "file" in case:
        return (FILES / case["file"]).read_bytes()
    name = case["generate"]
    if name == "oversized.csv":
        return b"plant_code\n" + b"X" * SMALL_LIMIT
    if name == "oversized-evidence.pdf":
        return b"%PDF-1.4\n" + b"0" * SMALL_LIMIT
    return generated(name)


def case_name(case: dict) -> str:
    return case.get("name") or Path(case.get("file") or case["generate"]).name


def ids(cases: list[dict]) -> list[str]:
    return [case.get("id") or case.get("file") or case["generate"] for case in cases]


def assert_error_format(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert body["status"] == status and body["code"] and body["message"]
    assert body["request_id"] == response["X-Request-ID"]
    assert body["problems"] and all(problem["message"] for problem in body["problems"])
    return body


@pytest.fixture
def world(editions):
    cast = build_cast()
    plant = make_plant(cast.org_a, code="JS-01")
    draft = make_report(cast.org_a, plant=plant, year=2022)
    return {
        "cast": cast,
        "client": client_for(cast, "manager_a", "en"),
        "ids": {
            "plant": plant.pk,
            "org": cast.org_a.pk,
            "draft": draft.pk,
            "steam": draft.steam.get().pk,
        },
    }


# Spreadsheets: the intake, then the API and its task -----------------------------------


@pytest.mark.parametrize("case", MANIFEST["spreadsheets"], ids=ids(MANIFEST["spreadsheets"]))
def test_spreadsheet_through_the_intake(case, editions):
    data = case_bytes(case)
    try:
        validated = read_and_validate(data, case_name(case), intake_context())
        found = {(problem.row, problem.field, problem.code) for problem in validated.problems}
    except ProblemsError as error:
        validated = None
        found = {(problem.row, problem.field, problem.code) for problem in error.problems}
    if "accepted" in case:
        assert not found, found
        expected = dict(case["accepted"])
        row = expected.pop("row")
        for column, value in expected.items():
            assert validated.frame.at[row, column] == value
    else:
        assert found == {tuple(problem) for problem in case["problems"]}


@pytest.mark.parametrize("case", MANIFEST["spreadsheets"], ids=ids(MANIFEST["spreadsheets"]))
def test_spreadsheet_through_the_api(case, world, django_capture_on_commit_callbacks):
    before = snapshot(except_uploads=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = world["client"].post(
            "/api/v1/uploads/",
            {"file": SimpleUploadedFile(case_name(case), case_bytes(case))},
            format="multipart",
        )
    assert response.status_code == 202, response.content[:500]
    upload = world["client"].get(f"/api/v1/uploads/{response.json()['id']}/").json()
    if "accepted" in case:
        assert upload["status"] == "succeeded", upload["problems"]
        return
    assert upload["status"] == "failed"
    assert {
        (problem["row"], problem["field"], problem["code"]) for problem in upload["problems"]
    } == {tuple(problem) for problem in case["problems"]}
    assert all(problem["message"] for problem in upload["problems"])
    assert snapshot(except_uploads=True) == before


# Files refused while the uploader waits -------------------------------------------------


@pytest.mark.parametrize("case", MANIFEST["files"], ids=ids(MANIFEST["files"]))
def test_file_refused_at_once(case, world, settings):
    if case.get("generate") == "oversized.csv":
        settings.SPREADSHEET_MAX_BYTES = SMALL_LIMIT
    before = snapshot()
    response = world["client"].post(
        "/api/v1/uploads/",
        {"file": SimpleUploadedFile(case_name(case), case_bytes(case))},
        format="multipart",
    )
    body = assert_error_format(response, 400)
    assert [problem["code"] for problem in body["problems"]] == [case["code"]]
    assert body["problems"][0]["field"] == "file"
    assert snapshot() == before
    # the intake, read on its own, refuses the same file (an empty one as empty_file)
    with pytest.raises(ProblemsError) as refused:
        read_and_validate(case_bytes(case), case_name(case), intake_context())
    assert refused.value.problems[0].code in (case["code"], "empty_file")


@pytest.mark.parametrize("case", MANIFEST["evidence"], ids=ids(MANIFEST["evidence"]))
def test_evidence_refused(case, world, settings):
    if case.get("generate") == "oversized-evidence.pdf":
        settings.EVIDENCE_MAX_BYTES = SMALL_LIMIT
    before = snapshot()
    response = world["client"].post(
        f"/api/v1/reports/{world['ids']['draft']}/evidence/",
        {"file": SimpleUploadedFile(case_name(case), case_bytes(case)), "kind": "energy_bill"},
        format="multipart",
    )
    body = assert_error_format(response, 400)
    assert [problem["code"] for problem in body["problems"]] == [case["code"]]
    assert snapshot() == before


# JSON endpoints --------------------------------------------------------------------------


def _substitute(value, ids: dict):
    if isinstance(value, str) and value.startswith("$") and value[1:] in ids:
        return ids[value[1:]]
    if isinstance(value, dict):
        return {key: _substitute(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_substitute(item, ids) for item in value]
    return value


def json_body(case: dict, ids: dict) -> bytes:
    name = case.get("generate")
    if name == "deep-array":
        return b"[" * 100_000 + b"]" * 100_000
    if name == "deep-object":
        return b'{"a":' * 50_000 + b"1" + b"}" * 50_000
    if name == "huge-body":
        return json.dumps(
            {
                "plant": ids["plant"],
                "year": 2021,
                "output_quantity": "1",
                "padding": "x" * (11 * 1024 * 1024),
            }
        ).encode()
    if name == "invalid-utf8":
        return b'{"plant": 1, "year": 2021, "output_quantity": "\xff\xfe"}'
    if name == "too-many-lines":
        return json.dumps(
            {
                "plant": ids["plant"],
                "year": 2021,
                "output_quantity": "1",
                "steam": [{"quantity": "1"}] * 201,
            }
        ).encode()
    if name == "long-plant-name":
        return json.dumps(
            {"code": "JS-80", "name_zh": "长" * 201, "organisation": ids["org"], "province": "32"}
        ).encode()
    if name == "long-description":
        return json.dumps(
            {
                "plant": ids["plant"],
                "year": 2021,
                "output_quantity": "1",
                "declared": [
                    {"kind": "process", "quantity_tco2e": "1", "description": "说明" * 151}
                ],
            }
        ).encode()
    if "raw" in case:
        return Template(case["raw"]).safe_substitute(ids).encode("utf-8", "surrogatepass")
    return json.dumps(_substitute(case["body"], ids)).encode()


@pytest.mark.parametrize("case", MANIFEST["json"], ids=ids(MANIFEST["json"]))
def test_json_endpoint(case, world):
    ids = world["ids"]
    before = snapshot()
    path = Template(case["path"]).substitute(ids)
    response = world["client"].generic(
        case.get("method", "post").upper(),
        path,
        json_body(case, ids),
        content_type=case.get("content_type", "application/json"),
    )
    if "accepted" in case:
        assert response.status_code == case["status"], response.content[:500]
        for key, value in case["accepted"].items():
            assert response.json()[key] == value
        return
    body = assert_error_format(response, case["status"])
    problems = {(problem["field"], problem["code"]) for problem in body["problems"]}
    codes = case["code"] if isinstance(case["code"], list) else [case["code"]]
    assert any((case.get("field"), code) in problems for code in codes), problems
    assert snapshot() == before


def test_refusals_are_in_chinese_by_default(world, django_capture_on_commit_callbacks):
    client = client_for(world["cast"], "manager_a", "zh-hans")
    response = client.post(
        "/api/v1/uploads/",
        {"file": SimpleUploadedFile("program.csv", (FILES / "files/program.exe.csv").read_bytes())},
        format="multipart",
    )
    assert "不支持的文件类型" in response.json()["problems"][0]["message"]
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(
            "/api/v1/uploads/",
            {"file": SimpleUploadedFile("rtl.csv", (FILES / "rows/rtl-override.csv").read_bytes())},
            format="multipart",
        )
    problem = client.get(f"/api/v1/uploads/{accepted.json()['id']}/").json()["problems"][0]
    assert problem["message"].startswith("第 3 行") and "U+202E" in problem["message"]
