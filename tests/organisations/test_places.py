"""Place names match with or without their suffix, and areas nest province > city > district."""

from __future__ import annotations

import pytest

from factory_eval.organisations.access import Jurisdiction
from factory_eval.organisations.places import area_contains, place_key, place_variants


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("苏州市", "苏州"),
        ("苏州", "苏州"),
        (" 嘉定区 ", "嘉定"),
        ("常熟市", "常熟"),
        ("浦东新区", "浦东"),
        ("延边朝鲜族自治州", "延边朝鲜族"),
        ("津市", "津市"),
        ("", ""),
        ("苏州工业园区", "苏州工业园"),
    ],
)
def test_place_key_strips_one_suffix(name, key):
    assert place_key(name) == key


def test_variants_are_exactly_the_names_with_the_same_key():
    variants = place_variants("苏州市")
    assert "苏州" in variants and "苏州市" in variants and "苏州区" in variants
    assert all(place_key(variant) == "苏州" for variant in variants)
    assert place_variants("津市")[0] == "津市" and "津" not in place_variants("津市")


def test_area_boundaries():
    city = ("32", "苏州", "")
    district = ("32", "苏州", "常熟")
    assert area_contains(city, ("32", "苏州市", "昆山"))  # a city covers its districts
    assert area_contains(city, ("32", "苏州", ""))
    assert not area_contains(city, ("32", "常州", ""))
    assert area_contains(district, ("32", "苏州", "常熟市"))
    assert not area_contains(district, ("32", "苏州", "昆山"))  # not the rest of the city
    assert not area_contains(district, ("32", "苏州", ""))  # district unknown: not inside
    assert not area_contains(("32", "", ""), ("31", "上海", "嘉定"))


def test_officer_jurisdiction_matches_suffixed_names_in_the_database(cast):
    from factory_eval.plants.models import Plant
    from tests.factories import make_plant

    suffixed = make_plant(cast.org_a, code="JS-SZ", city="苏州市", district="常熟市")
    make_plant(cast.org_a, code="JS-KS", city="苏州", district="昆山")
    changshu = Jurisdiction("32", "苏州", "常熟")
    assert set(Plant.objects.filter(changshu.plant_q(""))) == {suffixed}
    assert changshu.contains("32", "苏州市", "常熟市") and changshu.level == "district"
