"""Spreadsheet intake: each rule names row, column and reason, in Chinese or English."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation

from factory_eval.core.problems import ProblemsError
from factory_eval.reporting.intake import read_and_validate
from factory_eval.reporting.selectors import intake_context
from tests.reporting.helpers import csv_bytes, row, xlsx_bytes


@pytest.fixture
def context(editions):
    return intake_context()


def problems_of(context, rows, **kwargs) -> list[tuple[int, str, str]]:
    validated = read_and_validate(csv_bytes(rows, **kwargs), "upload.csv", context)
    return [(problem.row, problem.field, problem.code) for problem in validated.problems]


def test_valid_rows_in_any_header_language(context):
    for headers in ("name", "zh", "en"):
        validated = read_and_validate(csv_bytes([row()], headers=headers), "a.csv", context)
        assert validated.ok, validated.problems
        record = validated.frame.iloc[0]
        assert record["province_code"] == "32"
        assert record["grid_region_zh"] == "华东"
        assert record["grid_electricity_kwh"] == 60_000_000


def test_xlsx_and_gb18030_csv(context):
    assert read_and_validate(xlsx_bytes([row()]), "a.xlsx", context).ok
    assert read_and_validate(
        csv_bytes([row()], headers="zh", encoding="gb18030"), "a.csv", context
    ).ok


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"natural_gas_m3": "lots"}, ("natural_gas_m3", "not_a_number")),
        ({"natural_gas_m3": "-1"}, ("natural_gas_m3", "negative")),
        ({"grid_electricity_kwh": "NaN"}, ("grid_electricity_kwh", "not_finite")),
        ({"grid_electricity_kwh": "1e300"}, ("grid_electricity_kwh", "too_large")),
        ({"output_units": ""}, ("output_units", "required")),
        ({"output_units": "0"}, ("output_units", "zero_output")),
        ({"province": "Atlantis"}, ("province", "unknown_province")),
        ({"year": "2019"}, ("year", "no_factor_for_year")),
        ({"year": "2099"}, ("year", "year_out_of_range")),
        ({"year": "2022.5"}, ("year", "not_an_integer")),
        ({"green_trade_kwh": "70000000"}, ("green_trade_kwh", "green_trade_above_grid")),
        ({"gec_count": "52000"}, ("gec_count", "green_above_consumption")),
        ({"plant_name": '=HYPERLINK("http://x")'}, ("plant_name", "formula_not_allowed")),
        ({"plant_type": "spaceship"}, ("plant_type", "invalid_choice")),
        ({"plant_code": ""}, ("plant_code", "required")),
    ],
)
def test_each_rule_names_row_and_column(context, overrides, expected):
    rows = [row(plant_code="OK-1"), row(**overrides)]
    assert problems_of(context, rows) == [(3, *expected)]


def test_certificates_may_round_up_by_less_than_one(context):
    # 60 GWh bought: 9 GWh traded + 51,000 GECs covers it exactly; one more GEC overshoots by a
    # whole MWh, which is refused, while a part-MWh overshoot from rounding up is accepted.
    assert read_and_validate(
        csv_bytes([row(grid_electricity_kwh=59_999_500, gec_count=51_000)]), "a.csv", context
    ).ok
    assert problems_of(context, [row(gec_count=51_001)]) == [
        (2, "gec_count", "green_above_consumption")
    ]


def test_thousands_separators_and_full_width_digits_are_numbers(context):
    validated = read_and_validate(
        csv_bytes([row(natural_gas_m3="6,000,000", output_units="２００000")]), "a.csv", context
    )
    assert validated.ok
    assert validated.frame.iloc[0]["output_units"] == 200_000


def test_duplicate_plant_year_names_both_rows(context):
    assert problems_of(context, [row(), row(), row(year=2023)]) == [
        (3, "year", "duplicate_plant_year")
    ]


def test_messages_in_chinese_and_english(context):
    validated = read_and_validate(csv_bytes([row(natural_gas_m3="abc")]), "a.csv", context)
    problem = validated.problems[0]
    with translation.override("zh-hans"):
        assert problem.message == (
            "第 2 行，天然气（m³） (natural_gas_m3) 列：必须是数字，实际为“abc”"
        )
    with translation.override("en"):
        assert problem.message == (
            "Row 2, column Natural gas (m3) (natural_gas_m3): must be a number, got “abc”"
        )


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "a.csv", "empty_file"),
        (b"plant_code,year\nA,2022\n", "a.csv", "missing_columns"),
        (b"%PDF-1.7 binary\x00\x01", "a.pdf", "unsupported_file_type"),
        (b"MZ\x00\x00", "a.csv", "unsupported_file_type"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "unreadable_file"),
    ],
)
def test_bad_files_are_refused_with_a_reason(context, data, name, code):
    with pytest.raises(ProblemsError) as raised:
        read_and_validate(data, name, context)
    assert raised.value.problems[0].code == code


def test_unknown_and_duplicate_columns(context):
    data = csv_bytes([row()]).replace(b"city", b"colour", 1)
    with pytest.raises(ProblemsError) as raised:
        read_and_validate(data, "a.csv", context)
    assert [problem.code for problem in raised.value.problems] == ["unknown_columns"]
    data = csv_bytes([row()], headers="name").replace(b"plant_name", b"plant_code", 1)
    with pytest.raises(ProblemsError) as raised:
        read_and_validate(data, "a.csv", context)
    assert "duplicate_columns" in [problem.code for problem in raised.value.problems]


def test_zip_bomb_is_refused_before_inflating(context):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(ProblemsError) as raised:
        read_and_validate(buffer.getvalue(), "bomb.xlsx", context)
    assert raised.value.problems[0].code == "unreadable_file"


def test_row_limit(context, settings):
    settings.SPREADSHEET_MAX_ROWS = 2
    with pytest.raises(ProblemsError) as raised:
        read_and_validate(
            csv_bytes([row(year=2021), row(year=2022), row(year=2023)]), "a.csv", context
        )
    assert raised.value.problems[0].code == "too_many_rows"


def test_xlsx_formula_cell_is_refused(context):
    data = xlsx_bytes([row(plant_name="=1+1")])
    codes = [problem.code for problem in read_and_validate(data, "a.xlsx", context).problems]
    assert codes == ["formula_not_allowed"]
