"""Loading criteria files as immutable versions identified by content hash."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from factory_eval.audit.models import Event
from factory_eval.core.models import ImmutableRowError
from factory_eval.evaluation.criteria_files import CRITERIA_DIR, CriteriaFileError
from factory_eval.evaluation.models import CriteriaSet, CriteriaVersion
from factory_eval.evaluation.services import load_criteria


@pytest.fixture
def criteria_dir(tmp_path):
    for path in CRITERIA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_load_is_idempotent(criteria_dir, db):
    first = load_criteria(criteria_dir)
    assert len(first) == 6 and all(item.created and item.made_current for item in first)
    second = load_criteria(criteria_dir)
    assert not any(item.created or item.made_current for item in second)
    assert CriteriaVersion.objects.count() == 6
    assert Event.objects.filter(action="evaluation.criteria_version_loaded").count() == 6
    pas = CriteriaSet.objects.get(slug="pas-2060-2014").current_version
    assert pas.status == "withdrawn" and str(pas.withdrawn_on) == "2025-11-30"
    assert pas.number == 1 and pas.source_text.startswith("# PAS 2060")


def test_changed_file_becomes_a_new_version_beside_the_old(criteria_dir, db):
    load_criteria(criteria_dir)
    path = criteria_dir / "suzhou-sip-zero-2026.yaml"
    old = CriteriaSet.objects.get(slug="suzhou-sip-zero-2026").current_version
    path.write_text(
        path.read_text(encoding="utf-8").replace("threshold: 1.0", "threshold: 0.95"),
        encoding="utf-8",
    )
    loaded = {item.version.criteria_set.slug: item for item in load_criteria(criteria_dir)}
    new = loaded["suzhou-sip-zero-2026"]
    assert new.created and new.made_current and new.version.number == 2
    assert new.version.sha256 != old.sha256
    assert CriteriaVersion.objects.filter(criteria_set__slug="suzhou-sip-zero-2026").count() == 2
    old.refresh_from_db()
    assert old.document["rules"][0]["threshold"] == 1.0  # the old version is untouched
    assert (
        Event.objects.filter(
            action="evaluation.criteria_version_current", object_id=str(new.version.criteria_set.pk)
        ).count()
        == 2
    )
    # Reverting the file makes the first version current again; nothing new is stored.
    shutil.copy(CRITERIA_DIR / "suzhou-sip-zero-2026.yaml", path)
    reverted = {item.version.criteria_set.slug: item for item in load_criteria(criteria_dir)}
    item = reverted["suzhou-sip-zero-2026"]
    assert not item.created and item.made_current and item.version == old


def test_malformed_file_refuses_the_whole_load(criteria_dir, db):
    path = criteria_dir / "zhejiang-2023.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("threshold: 0.8", "threshold: 80"),
        encoding="utf-8",
    )
    with pytest.raises(CriteriaFileError) as refused:
        load_criteria(criteria_dir)
    problem = refused.value.problems[0]
    assert problem.path.endswith("zhejiang-2023.yaml")
    assert problem.pointer == "/rules/0/threshold" and problem.code == "ratio_out_of_range"
    assert CriteriaVersion.objects.count() == 0 and CriteriaSet.objects.count() == 0


def test_versions_are_immutable(criteria_versions):
    version = criteria_versions["zhejiang-2023"]
    version.edition = "changed"
    with pytest.raises(ImmutableRowError):
        version.save()
    with pytest.raises(ImmutableRowError):
        CriteriaVersion.objects.filter(pk=version.pk).update(edition="x")


def test_command_reports_and_refuses(criteria_dir, db, capsys):
    call_command("load_criteria", "--dir", str(criteria_dir))
    assert "loaded    pas-2060-2014" in capsys.readouterr().out
    call_command("load_criteria", "--dir", str(criteria_dir), "--check")
    assert "valid     zhejiang-2023" in capsys.readouterr().out
    (criteria_dir / "zhejiang-2023.yaml").write_text("slug: [", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("load_criteria", "--dir", str(criteria_dir), "--lang", "en")
    assert refused.value.returncode == 2
    err = capsys.readouterr().err
    assert "zhejiang-2023.yaml, field /: not valid YAML (line 1" in err
