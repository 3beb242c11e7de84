"""Sample certificate data (DOMAIN.md worked example) for tests that need no database."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from factory_eval.certificates import signing
from factory_eval.certificates.payloads import (
    CertificateInputs,
    CriteriaRef,
    LevelRef,
    ProvisionalParameter,
    ReviewerRef,
)

ISSUED_AT = datetime(2026, 5, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
RARE_NAME = "示例汽车（苏州）堃喆总装工厂"  # 堃 and 喆 are outside GB 2312


def sample_inputs(result_id: int = 1, **changes) -> CertificateInputs:
    """Issuing inputs as the review workflow will pass them (criteria names from DOMAIN.md)."""
    values = {
        "result_id": result_id,
        "criteria": CriteriaRef(
            "t-ceca-g-0171-2022",
            "零碳工厂评价规范 T/CECA-G 0171-2022",
            "Zero-carbon factory evaluation, T/CECA-G 0171-2022",
            "2022.1",
            "a" * 64,
        ),
        "level": LevelRef("type1-5-star", "I型 五星", "Type I, five stars"),
        "reviewer": ReviewerRef("王审核", "示例行业协会", "Example Industry Association"),
        "provisional_parameters": (
            ProvisionalParameter(
                "five_star_conditions",
                "parameterised",
                "unverified",
                "T/CECA-G 0171 scoring weights are not public",
            ),
        ),
    }
    values.update(changes)
    return CertificateInputs(**values)


def sample_facts(plant_name_zh: str = RARE_NAME) -> dict:
    """Result facts shaped like ``selectors.result_facts`` (DOMAIN.md worked example)."""
    return {
        "plant": {
            "code": "JS-01",
            "name_zh": plant_name_zh,
            "name_en": "Example Motors Suzhou Assembly",
            "type": "vehicle",
            "output_unit": "辆",
            "province_code": "32",
            "province_zh": "江苏",
            "province_en": "Jiangsu",
            "city": "苏州",
            "district": "",
        },
        "organisation": {
            "name_zh": "示例汽车有限公司",
            "name_en": "Example Motors",
            "credit_code": "",
        },
        "reporting_year": 2022,
        "report": {"id": 1, "revision": 1},
        "accounting": {"fingerprint": "b" * 64, "engine_version": "accounting-1.0.0"},
        "figures": {
            "output": {"quantity": 200000.0, "unit": "辆"},
            "intensity_kgco2e_per_unit": {
                "total": 219.338,
                "natural_gas": 64.866,
                "clean_power": 0.0,
                "grid_power": 143.472,
                "steam": 11.0,
                "other_fuels": 0.0,
            },
            "clean_power_share": 0.272727,
            "electricity_kwh": {"consumed": 66000000.0, "clean": 18000000.0},
            "emissions_tco2e": {
                "scope1": 12973.2,
                "scope2_market": 28694.4,
                "scope2_location": 35868.0,
                "steam": 2200.0,
                "total": 43867.6,
                "offsets": 0.0,
                "net": 43867.6,
            },
            "offset_ratio": 0.0,
            "energy_kgce_per_unit": 80.398,
        },
        "grid_factor": {
            "value": 0.5978,
            "unit": "kgCO2/kWh",
            "level": "provincial",
            "area": "江苏",
            "data_year": 2022,
            "notice": "公告2024年第33号",
        },
        "factor_editions": [
            {
                "kind": "grid",
                "title_zh": "电力二氧化碳排放因子",
                "title_en": "Grid emission factors",
                "publisher": "MEE",
                "sha256": "c" * 64,
            }
        ],
        "provisional_figures": [
            {
                "figure": "energy_kgce_per_unit",
                "factor": "coal:natural_gas",
                "confidence": "unverified single value",
                "source": "GB/T 2589",
            }
        ],
    }


def signed_sample(plant_name_zh: str = RARE_NAME, **payload_changes):
    """(payload, signature, key) for a sample certificate, without the database."""
    from factory_eval.certificates.payloads import build_payload, serial_for

    key = signing.load_signing_key()
    inputs = sample_inputs(result_id=900_001)  # never a stored result id in these tests
    serial = serial_for(inputs.fingerprint(), 2022)
    payload = build_payload(
        sample_facts(plant_name_zh),
        inputs,
        serial=serial,
        issued_at=ISSUED_AT,
        valid_until=ISSUED_AT.date().replace(year=2027),
        key_id=key.key_id,
        issuer={"name_zh": "零碳工厂评价服务", "name_en": "Zero-Carbon Factory Assessment Service"},
        verification_url=f"https://verify.example.cn/verify/{serial}/",
    )
    payload.update(payload_changes)
    return payload, signing.sign_payload(payload, key), key
