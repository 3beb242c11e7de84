"""Reference data as immutable, versioned factor editions."""

from __future__ import annotations

import csv
import shutil

import pytest

from factory_eval.audit.models import Event
from factory_eval.core.models import ImmutableRowError
from factory_eval.factors.models import FactorEdition, GridFactor, ProvinceRegion
from factory_eval.factors.selectors import current_editions, province_directory
from factory_eval.factors.services import (
    REFERENCE_DIR,
    ReferenceDataError,
    load_reference_editions,
)

pytestmark = pytest.mark.django_db


def _csv_rows(name: str) -> list[dict]:
    with (REFERENCE_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_reference_row_is_loaded_with_its_source():
    loaded = load_reference_editions()
    assert {item.edition.kind for item in loaded} == set(FactorEdition.Kind.values)
    grid = current_editions()["grid"]
    rows = _csv_rows("grid_factors_cn_mee.csv")
    assert GridFactor.objects.filter(edition=grid).count() == len(rows)
    jiangsu = GridFactor.objects.get(edition=grid, data_year=2022, area_en="Jiangsu")
    assert str(jiangsu.kgco2_per_kwh) == "0.5978"
    assert jiangsu.notice == "公告2024年第33号"
    assert jiangsu.source_url.startswith("https://www.mee.gov.cn/")
    assert {row.data_year for row in GridFactor.objects.filter(edition=grid)} == {2021, 2022, 2023}
    assert Event.objects.filter(action="factors.edition_loaded").count() == 5


def test_loading_again_adds_nothing():
    load_reference_editions()
    again = load_reference_editions()
    assert not any(item.created for item in again)
    assert FactorEdition.objects.count() == 5


def test_a_changed_file_becomes_a_new_edition_beside_the_old(tmp_path):
    load_reference_editions()
    old = current_editions()["grid"]
    shutil.copytree(REFERENCE_DIR, tmp_path / "ref")
    with (tmp_path / "ref" / "grid_factors_cn_mee.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "2024,national,全国,national_average,0.5000,公告2099年第1号,2099-01-01,"
            "https://example.invalid/test\n"
        )
    loaded = {item.edition.kind: item for item in load_reference_editions(tmp_path / "ref")}
    assert loaded["grid"].created and not loaded["fuel"].created
    new = current_editions()["grid"]
    assert new.pk != old.pk
    assert GridFactor.objects.filter(edition=old).count() == len(
        _csv_rows("grid_factors_cn_mee.csv")
    )
    assert GridFactor.objects.filter(edition=new, data_year=2024).count() == 1


def test_factor_rows_cannot_be_edited_or_deleted():
    load_reference_editions()
    row = GridFactor.objects.first()
    row.kgco2_per_kwh = 0
    with pytest.raises(ImmutableRowError):
        row.save()
    with pytest.raises(ImmutableRowError):
        row.delete()
    with pytest.raises(ImmutableRowError):
        GridFactor.objects.filter(pk=row.pk).update(kgco2_per_kwh=0)
    with pytest.raises(ImmutableRowError):
        GridFactor.objects.all().delete()


def test_malformed_file_is_refused_whole_with_file_line_and_column(tmp_path):
    shutil.copytree(REFERENCE_DIR, tmp_path / "ref")
    path = tmp_path / "ref" / "fuel_factors_cn.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("2925.1", "two-thousand")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"fuel_factors_cn.csv line 4: kgco2_per_unit"):
        load_reference_editions(tmp_path / "ref")
    assert FactorEdition.objects.count() == 0


def test_province_map_and_eastern_inner_mongolia():
    load_reference_editions()
    directory = province_directory()
    assert ProvinceRegion.objects.count() == 31
    for text in ("32", "320500", "江苏", "江苏省", "Jiangsu", "jiangsu", "３２"):
        found = directory.find(text)
        assert found is not None and found.name_zh == "江苏", text
    assert directory.find("广西壮族自治区").code == "45"
    assert directory.find("Inner Mongolia").code == "15"
    assert directory.find("火星") is None
    inner_mongolia = directory.find("内蒙古")
    assert directory.grid_region(inner_mongolia, "呼和浩特")[0] == "华北"
    assert directory.grid_region(inner_mongolia, "赤峰市")[0] == "东北"
    assert directory.grid_region(directory.find("西藏"))[0] == ""
