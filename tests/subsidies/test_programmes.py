"""Programmes loaded from the reference files as versions; revisions; refused input."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from factory_eval.audit.models import Event
from factory_eval.core.models import ImmutableRowError
from factory_eval.core.problems import ProblemsError
from factory_eval.subsidies import services
from factory_eval.subsidies.models import ProgrammeVersion
from factory_eval.subsidies.selectors import current_version, current_versions


def test_reference_programmes_load_with_jurisdiction_sources_and_mapping(programmes):
    assert set(programmes) == {
        "changzhou-2025-provincial-zero",
        "changzhou-2025-municipal-near-zero",
        "changshu-near-zero",
        "kunshan-2024-near-zero",
        "jiading-2024-municipal-zero",
        "leqing-2023-near-zero",
        "ningbo-2024-demo",
        "ningbo-2024-basic",
    }
    changshu = programmes["changshu-near-zero"]
    assert (changshu.province_code, changshu.city, changshu.district) == ("32", "苏州", "常熟")
    assert changshu.max_award_cny == Decimal("500000")
    assert changshu.dates_basis == "unknown" and changshu.in_force_from is None
    assert [
        (item["criteria"], item["level"], item["confidence"])
        for item in changshu.accepted_recognitions
    ] == [("suzhou-near-zero-2023", "near_zero", "unverified")]
    jiading = programmes["jiading-2024-municipal-zero"]
    assert (jiading.province_code, jiading.city, jiading.district) == ("31", "上海", "嘉定")
    assert jiading.accepted_recognitions == [] and "not public" in jiading.recognition_note
    changzhou = programmes["changzhou-2025-provincial-zero"]
    assert changzhou.in_force_from == date(2025, 2, 1)
    assert changzhou.dates_basis == "issued_month" and changzhou.issued == "2025-02"
    assert {item["level"] for item in changzhou.accepted_recognitions} == {
        "three_star",
        "four_star",
        "five_star",
        "six_star",
    }
    ningbo = programmes["ningbo-2024-demo"]
    assert ningbo.confidence == "unverified" and ningbo.province_code == "33"
    assert ningbo.source == "secondary source; thresholds not public"
    assert Event.objects.filter(action="subsidies.programme_version_added").count() == 8


def test_loading_again_adds_nothing_and_a_changed_file_adds_a_version(programmes, tmp_path):
    assert not any(item.created for item in services.load_programmes())
    source = services.PROGRAMMES_FILE.read_text(encoding="utf-8")
    changed = tmp_path / "programmes.csv"
    changed.write_text(
        source.replace(
            "changshu-near-zero,江苏,苏州,常熟,常熟市近零碳工厂奖励,,",
            "changshu-near-zero,江苏,苏州,常熟,常熟市近零碳工厂奖励,2025-06,",
        ),
        encoding="utf-8",
    )
    loaded = services.load_programmes(changed)
    created = [item.version for item in loaded if item.created]
    assert [(version.programme.code, version.number) for version in created] == [
        ("changshu-near-zero", 2)
    ]
    assert current_version("changshu-near-zero").in_force_from == date(2025, 6, 1)
    assert (
        ProgrammeVersion.objects.get(programme__code="changshu-near-zero", number=1).in_force_from
        is None
    )  # kept as it was
    assert current_versions().count() == 8


def test_versions_are_facts(programmes):
    version = programmes["changshu-near-zero"]
    version.max_award_cny = Decimal("1")
    with pytest.raises(ImmutableRowError):
        version.save()
    with pytest.raises(ImmutableRowError):
        ProgrammeVersion.objects.filter(pk=version.pk).update(max_award_cny=1)


def _broken_files(tmp_path):
    programmes = tmp_path / "programmes.csv"
    mapping = tmp_path / "map.csv"
    shutil.copy(services.PROGRAMMES_FILE, programmes)
    text = programmes.read_text(encoding="utf-8")
    text = text.replace("kunshan-2024-near-zero,江苏", "kunshan-2024-near-zero,火星")
    text += "new-programme,江苏,南京,,新政策,2026-13,whatever,-5,somewhere,unverified\n"
    programmes.write_text(text, encoding="utf-8")
    shutil.copy(services.RECOGNITION_MAP_FILE, mapping)
    with mapping.open("a", encoding="utf-8") as handle:
        handle.write("leqing-2023-near-zero,zhejiang-2023,seven_star,unverified,a guess\n")
        handle.write("ghost-programme,,,unverified,not in the programme file\n")
    return programmes, mapping


def test_bad_files_are_refused_whole_with_every_problem(editions, tmp_path):
    programmes, mapping = _broken_files(tmp_path)
    with pytest.raises(ProblemsError) as refused:
        services.load_programmes(programmes, mapping)
    problems = {(problem.code, problem.row) for problem in refused.value.problems}
    assert ("programme_unknown_province", 5) in problems  # 火星 on the Kunshan row
    assert ("programme_bad_date", 10) in problems  # issued 2026-13
    assert ("award_amount_not_positive", 10) in problems  # -5
    assert ("programme_unmapped", 10) in problems
    assert ("map_unknown_level", 13) in problems
    assert ("map_none_and_pairs", None) in problems  # Leqing: none, and now a pair
    assert ("map_unknown_programme", None) in problems
    assert ProgrammeVersion.objects.count() == 0  # nothing partial


def test_problems_read_in_chinese_and_english(editions, tmp_path):
    programmes, mapping = _broken_files(tmp_path)
    with pytest.raises(ProblemsError) as refused:
        services.load_programmes(programmes, mapping)
    unknown = next(
        problem
        for problem in refused.value.problems
        if problem.code == "programme_unknown_province"
    )
    with translation.override("zh-hans"):
        assert unknown.message == (
            "第 5 行，programmes.csv: jurisdiction_province 列：未知的省份“火星”"
        )
    with translation.override("en"):
        assert unknown.message.startswith("Row 5") and "unknown province “火星”" in (
            unknown.message
        )


def _values(**changes):
    values = {
        "code": "suzhou-test",
        "policy_name": "苏州测试政策",
        "province": "江苏",
        "city": "苏州",
        "district": "",
        "issued": "",
        "in_force_from": date(2025, 1, 1),
        "in_force_until": None,
        "recognition_required": "recognised near-zero factory",
        "max_award_cny": "300000",
        "source": "test",
        "confidence": "as reported",
    }
    values.update(changes)
    return values


NEAR_ZERO = [
    {
        "criteria": "suzhou-near-zero-2023",
        "level": "near_zero",
        "confidence": "unverified",
        "note": "test reading",
    }
]


def test_administrator_adds_and_revises_a_programme(editions, cast):
    admin = cast.user("admin")
    first = services.add_programme_version(_values(), NEAR_ZERO, reason="new policy", actor=admin)
    assert first.created and first.version.number == 1
    assert first.version.dates_basis == "stated" and first.version.created_by == admin
    same = services.add_programme_version(_values(), NEAR_ZERO, reason="again", actor=admin)
    assert not same.created and same.version.pk == first.version.pk
    revised = services.add_programme_version(
        _values(max_award_cny="250000"), NEAR_ZERO, reason="budget cut", actor=admin
    )
    assert revised.created and revised.version.number == 2
    assert current_version("suzhou-test").max_award_cny == Decimal("250000")
    event = Event.objects.filter(action="subsidies.programme_version_added").latest("id")
    assert event.message == "budget cut" and event.before["max_award_cny"] == "300000.00"


def test_only_administrators_add_programmes_and_input_is_checked(editions, cast):
    from factory_eval.core.errors import NotAllowedError

    with pytest.raises(NotAllowedError):
        services.add_programme_version(
            _values(), NEAR_ZERO, reason="x", actor=cast.user("officer_in")
        )
    with pytest.raises(ProblemsError) as refused:
        services.add_programme_version(
            _values(province="Atlantis", district="常熟", city="", in_force_until=date(2024, 1, 1)),
            [{"criteria": "no-such-set", "level": "x", "note": ""}],
            reason="",
            actor=cast.user("admin"),
        )
    fields = {(problem.code, problem.field) for problem in refused.value.problems}
    assert fields >= {
        ("programme_unknown_province", "province"),
        ("programme_district_needs_city", "district"),
        ("programme_dates_order", "in_force_until"),
        ("map_unknown_criteria", "accepted_recognitions.0.criteria"),
        ("map_note_required", "accepted_recognitions.0.note"),
        ("required", "reason"),
    }
    with pytest.raises(ProblemsError) as silent:
        services.add_programme_version(_values(), [], reason="no mapping", actor=cast.user("admin"))
    assert [problem.code for problem in silent.value.problems] == ["map_note_required"]


def test_load_programmes_command(editions, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    with translation.override("en"):
        call_command("load_programmes", stdout=out)
    assert out.getvalue().count("added") == 8
    assert "changshu-near-zero" in out.getvalue()
    programmes, mapping = _broken_files(tmp_path)
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("load_programmes", "--programmes", str(programmes), "--map", str(mapping))
    assert str(refused.value).startswith("Nothing was loaded:")
    assert "unknown province “火星”" in str(refused.value)
