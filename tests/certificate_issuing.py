"""Issuing real certificates in tests outside tests/certificates (subsidies, the API matrix).

Certificates are made by ``certificates.services.issue_certificate`` with inputs built as
tests/certificates/samples.py builds them, naming the criteria set and level the test needs.
Import the fixtures into a conftest: ``certificate_settings`` (a signing key and the subset
font, built once per run) must be requested before issuing.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from factory_eval.certificates import fonts, services, signing
from factory_eval.certificates.payloads import CriteriaRef, LevelRef, ReviewerRef
from tests.certificates.samples import ISSUED_AT, sample_inputs

CRITERIA = {
    "suzhou-near-zero-2023": ("苏州市近零碳工厂", "Suzhou near-zero-carbon factory", "2023"),
    "t-ceca-g-0171-2022": (
        "零碳工厂评价规范（I型）",
        "Zero-carbon factory evaluation (type I)",
        "T/CECA-G 0171-2022",
    ),
}
LEVELS = {
    "near_zero": ("近零碳工厂", "Near-zero-carbon factory"),
    "five_star": ("五星", "Five stars"),
    "three_star": ("三星", "Three stars"),
}


@pytest.fixture(scope="session")
def issuing_material(tmp_path_factory):
    """The subset font and a signing key, made once per run."""
    directory = tmp_path_factory.mktemp("issuing-fonts")
    call_command("build_certificate_font", "--output", str(directory / fonts.SUBSET_FILE_NAME))
    return {
        "font_dir": directory,
        "pem": signing.private_key_pem(Ed25519PrivateKey.generate()).decode(),
    }


@pytest.fixture
def certificate_settings(settings, tmp_path, issuing_material):
    settings.CERTIFICATE_FONT_DIR = issuing_material["font_dir"]
    settings.CERTIFICATE_SIGNING_KEY = issuing_material["pem"]
    settings.CERTIFICATE_SIGNING_KEY_FILE = ""
    settings.CERTIFICATE_TRUSTED_KEYS_FILE = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.PUBLIC_BASE_URL = "https://verify.example.cn"
    return settings


def inputs_for(
    result,
    criteria: str = "suzhou-near-zero-2023",
    level: str = "near_zero",
    *,
    valid_until: date | None = None,
    reviewer: str = "王审核",
):
    """Issuing inputs as samples.py builds them, for ``result`` at (criteria, level)."""
    name_zh, name_en, version = CRITERIA[criteria]
    return sample_inputs(
        result.pk,
        criteria=CriteriaRef(criteria, name_zh, name_en, version, "d" * 64),
        level=LevelRef(level, *LEVELS[level]),
        provisional_parameters=(),
        reviewer=ReviewerRef(reviewer, "示例行业协会"),
        valid_until=valid_until,
    )


def issue(
    result,
    criteria: str = "suzhou-near-zero-2023",
    level: str = "near_zero",
    *,
    issued_at: datetime = ISSUED_AT,
    valid_until: date | None = None,
):
    """A certificate for ``result`` at (criteria, level), through the real service."""
    return services.issue_certificate(
        inputs_for(result, criteria, level, valid_until=valid_until), issued_at=issued_at
    )
