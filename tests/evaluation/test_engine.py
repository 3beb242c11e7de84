"""Engine behaviour shared by every set: gates and pending evidence, gaps and their costs,
offset eligibility, provisional figures, purity, and the instrument recount."""

from __future__ import annotations

import subprocess
import sys

import pytest

from factory_eval.accounting.recount import recount_for_instruments
from factory_eval.evaluation.engine import evaluate
from factory_eval.evaluation.metrics import period_metrics
from factory_eval.evaluation.prices import indicative_prices, read_prices
from tests.evaluation.builders import all_gates, criteria, document_for, metrics_for

SIP = "suzhou-sip-zero-2026"
CECA = "t-ceca-g-0171-2022"


def sip(gates: dict[str, str], offset_ratio: float = 1.0) -> dict:
    gross = metrics_for(SIP)["gross_tco2e"]
    metrics = metrics_for(SIP, offsets_tco2e=offset_ratio * gross)
    return evaluate(metrics, gates, [], criteria(SIP), prices=list(indicative_prices()))


class TestGates:
    def test_pending_gate_gives_pending_never_a_pass(self):
        gates = all_gates(SIP)
        gates["no_veto_items_3y"] = "pending"
        outcome = sip(gates)
        assert outcome["status"] == "pending" and outcome["passed"] is False
        assert outcome["level"] is None
        assert outcome["potential_level"] == "zero_carbon"
        assert outcome["confirmed_level"] is None
        gate = next(line for line in outcome["rules"] if line["id"] == "no_veto_items_3y")
        assert gate["passed"] is None and gate["evidence_status"] == "pending"

    def test_a_gate_missing_from_the_states_is_pending(self):
        gates = all_gates(SIP)
        del gates["own_reductions_first"]
        assert sip(gates)["status"] == "pending"

    def test_pending_gate_that_cannot_change_the_verdict_leaves_it_failed(self):
        gates = all_gates(SIP, "pending")
        outcome = sip(gates, offset_ratio=0.5)
        assert outcome["status"] == "fail" and outcome["potential_level"] is None

    def test_rejected_gate_fails(self):
        gates = all_gates(SIP)
        gates["energy_use_advanced"] = "rejected"
        outcome = sip(gates)
        assert outcome["status"] == "fail" and outcome["potential_level"] is None
        gap_ids = [item["id"] for item in outcome["gap"]["items"]]
        assert gap_ids == ["energy_use_advanced"]

    def test_not_applicable_counts_as_met(self):
        gates = all_gates(SIP)
        gates["no_veto_items_3y"] = "not_applicable"
        assert sip(gates)["status"] == "pass"

    def test_unknown_state_is_refused(self):
        with pytest.raises(ValueError, match="unknown gate states"):
            sip({"own_reductions_first": "maybe"})

    def test_pending_below_a_confirmed_level_is_still_pending(self):
        """Zhejiang near zero confirmed, zero carbon waiting on nothing but offsets: pass."""
        gates = all_gates("zhejiang-2023")
        gross = metrics_for("zhejiang-2023")["gross_tco2e"]
        metrics = metrics_for("zhejiang-2023", offsets_tco2e=0.9 * gross)
        outcome = evaluate(metrics, gates, [], criteria("zhejiang-2023"))
        assert outcome["status"] == "pass" and outcome["level"] == "near_zero"
        assert outcome["gap"]["next_level"] == "zero_carbon"


class TestGap:
    def test_clean_power_gap_in_kwh_gecs_and_indicative_cost(self):
        # Residual fully offset (every star needs it); 27 % clean power: four stars.
        outcome = evaluate(
            metrics_for(CECA, offsets_tco2e=43_867.6),
            all_gates(CECA),
            [],
            criteria(CECA),
            prices=list(indicative_prices()),
        )
        assert outcome["level"] == "four_star"
        gap = outcome["gap"]
        assert gap["next_level"] == "five_star" and gap["indicative"] is True
        clean = next(item for item in gap["items"] if item["kind"] == "clean_power")
        assert clean["clean_kwh_needed"] == 48_000_000  # 66 GWh consumed - 18 GWh clean
        assert clean["gec_needed"] == 48_000
        assert clean["onsite_kwh_needed"] == 0
        assert clean["scope2_market_cut_tco2e"] == pytest.approx(28_694.4)  # 48 GWh x 0.5978
        gec = next(option for option in clean["options"] if option["instrument"] == "gec")
        assert gec["cost"]["low_cny"] == 144_000 and gec["cost"]["high_cny"] == 240_000
        assert gec["cost"]["indicative"] is True and gec["cost"]["confidence"] == "unverified"
        trade = next(option for option in clean["options"] if option["instrument"] == "green_trade")
        assert trade["cost"]["low_cny"] == pytest.approx(4_800_000)
        assert trade["cost"]["high_cny"] == pytest.approx(9_600_000)
        irec = next(option for option in clean["options"] if option["instrument"] == "irec")
        assert irec["cost"] is None  # no price range on file
        assert {price["item"] for price in gap["prices"]} == {"gec", "green_power_premium"}

    def test_offset_gap_to_offset_or_cut(self):
        outcome = evaluate(metrics_for(SIP), all_gates(SIP), [], criteria(SIP))
        item = outcome["gap"]["items"][0]
        assert item["kind"] == "offsets"
        assert item["offset_tco2e_needed"] == pytest.approx(43_867.6)
        assert item["or_cut_tco2e"] == pytest.approx(43_867.6)
        zhejiang = evaluate(
            metrics_for("zhejiang-2023", offsets_tco2e=10_000),
            all_gates("zhejiang-2023"),
            [],
            criteria("zhejiang-2023"),
        )
        item = zhejiang["gap"]["items"][0]
        assert item["offset_tco2e_needed"] == pytest.approx(0.8 * 43_867.6 - 10_000)
        assert item["or_cut_tco2e"] == pytest.approx(43_867.6 - 10_000 / 0.8)

    def test_gap_is_empty_at_the_top_level(self):
        gross = metrics_for(SIP)["gross_tco2e"]
        outcome = evaluate(metrics_for(SIP, offsets_tco2e=gross), all_gates(SIP), [], criteria(SIP))
        assert outcome["gap"]["next_level"] is None and outcome["gap"]["items"] == []

    def test_score_gap(self):
        gates = all_gates(CECA)
        gates.update(infrastructure="pending", products="pending")
        # Residual offset in full (every star needs it): score = (2 + 1 + 18/66) / 6 x 100.
        outcome = evaluate(metrics_for(CECA, offsets_tco2e=43_867.6), gates, [], criteria(CECA))
        assert outcome["status"] == "pending" and outcome["potential_level"] == "four_star"
        score = next(item for item in outcome["gap"]["items"] if item["kind"] == "score")
        expected = 60 - 100 * (3 + 18 / 66) / 6
        assert score["points_needed"] == pytest.approx(expected)


class TestOffsets:
    lines = [
        {"registry": "CCER", "quantity_tco2e": "1000", "retirement_date": "2023-06-30"},
        {"registry": "other", "quantity_tco2e": "500", "retirement_date": "2023-01-10"},
        {"registry": "VCS", "quantity_tco2e": "300", "retirement_date": "2024-01-01"},
        {"registry": "", "quantity_tco2e": "200", "retirement_date": None},
    ]

    def test_registry_and_retirement_window(self):
        metrics = period_metrics(
            document_for(offsets_tco2e=2000), criteria("pas-2060-2014"), self.lines
        )
        statuses = [line["status"] for line in metrics["offset_breakdown"]["lines"]]
        assert statuses == [
            "counted",
            "registry_not_eligible",
            "retired_outside_window",
            "counted_registry_not_stated",
        ]
        assert metrics["offset_breakdown"]["latest_retirement"] == "2023-12-31"
        assert metrics["offsets_tco2e"] == 1200
        assert metrics["offsets_reported_tco2e"] == 2000

    def test_maximum_share_caps_offsets(self):
        capped = {
            **criteria("pas-2060-2014"),
            "offsets": {**criteria("pas-2060-2014")["offsets"], "max_share": 0.01},
        }
        metrics = period_metrics(document_for(offsets_tco2e=2000), capped, self.lines)
        assert metrics["offsets_tco2e"] == pytest.approx(438.676)
        assert metrics["offset_breakdown"]["above_cap_tco2e"] == pytest.approx(1200 - 438.676)

    def test_spreadsheet_offsets_count_with_registry_not_stated(self):
        metrics = metrics_for("pas-2060-2014", offsets_tco2e=2000)
        assert metrics["offsets_tco2e"] == 2000
        assert metrics["offset_breakdown"]["lines"][0]["status"] == "counted_registry_not_stated"


def test_unverified_factor_behind_a_metric_is_listed():
    document = document_for()
    assert document["provisional_figures"]  # natural gas standard coal is unverified
    rules = criteria(SIP)
    custom = {
        **rules,
        "rules": [
            *rules["rules"],
            {
                "id": "energy_cap",
                "title": {"zh": "能耗", "en": "Energy"},
                "metric": "energy_kgce_per_unit",
                "operator": "<=",
                "threshold": 80.0,
                "unit": "kgce/unit",
                "confidence": "secondary",
                "note": "test",
            },
        ],
        "levels": [{**rules["levels"][0], "conditions": {"rules": ["offset_100", "energy_cap"]}}],
    }
    outcome = evaluate(period_metrics(document, custom), all_gates(SIP), [], custom)
    assert {
        "pointer": "metric:energy_kgce_per_unit",
        "id": "energy_kgce_per_unit",
        "note": "computed with an unverified factor (coal:natural_gas)",
    } in outcome["unverified_parameters"]
    cut = next(item for item in outcome["gap"]["items"] if item["id"] == "energy_cap")
    assert cut["cut"] == pytest.approx(0.398) and cut["cut_kgce"] == pytest.approx(79_600)


PURE_MODULES = (
    "factory_eval.evaluation.engine",
    "factory_eval.evaluation.periods",
    "factory_eval.evaluation.gaps",
    "factory_eval.evaluation.metrics",
    "factory_eval.evaluation.criteria_files",
    "factory_eval.evaluation.prices",
    "factory_eval.accounting.recount",
)


def test_engine_imports_no_django():
    """Importing the pure modules loads no Django module beyond what the package itself does
    (``factory_eval/__init__`` loads the Celery app)."""
    code = (
        "import sys, factory_eval; before = {m for m in sys.modules if m.startswith('django')};"
        f" import {', '.join(PURE_MODULES)};"
        " print(sorted(m for m in sys.modules if m.startswith('django') and m not in before))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


class TestRecount:
    def test_default_instruments_reproduce_the_stored_figures(self):
        document = document_for(irec_mwh=5_000)
        recount = recount_for_instruments(document, document["options"]["accepted_instruments"])
        assert recount["clean_power_share"] == pytest.approx(
            document["clean_power_share"], abs=1e-6
        )
        assert recount["scope2_market_tco2e"] == pytest.approx(
            document["emissions_tco2e"]["scope2_market"]
        )
        assert recount["gross_tco2e"] == pytest.approx(document["emissions_tco2e"]["total"])
        assert recount["intensity_kgco2e_per_unit"] == pytest.approx(
            document["intensity_kgco2e_per_unit"]["total"]
        )
        assert recount["clean_by_instrument"]["irec"] == 0

    def test_accepting_irec_counts_its_kwh_up_to_the_grid(self):
        document = document_for(irec_mwh=100_000)  # more than the 48 GWh left uncovered
        recount = recount_for_instruments(document, {"onsite", "green_trade", "gec", "irec"})
        assert recount["clean_by_instrument"]["irec"] == 48_000_000
        assert recount["clean_power_share"] == 1.0
        assert recount["scope2_market_tco2e"] == 0
        assert recount["uncovered_grid_kwh"] == 0

    def test_unknown_instrument_is_refused(self):
        with pytest.raises(ValueError):
            recount_for_instruments(document_for(), {"carbon_magic"})


def test_prices_file_has_sources_and_rejects_bad_ranges(tmp_path):
    prices = read_prices()
    assert {price["item"] for price in prices} == {"gec", "green_power_premium"}
    assert all(price["source"] and price["indicative"] for price in prices)
    bad = tmp_path / "prices.csv"
    bad.write_text("item,unit,low_cny,high_cny,source,confidence\ngec,CNY/GEC,5,3,x,unverified\n")
    with pytest.raises(ValueError, match="low_cny"):
        read_prices(bad)
