"""Multi-year rules: a worked PAS 2060 case, ISO 14068-1's first-period rules, Suzhou's decline.

All periods pin the 2022 grid factor so that only the plant's own fuel use moves its emissions.
"""

from __future__ import annotations

import pytest

from factory_eval.accounting.factor_tables import AccountingOptions
from factory_eval.evaluation.engine import evaluate
from tests.evaluation.builders import all_gates, criteria, metrics_for

PAS = "pas-2060-2014"
ISO = "iso-14068-1-2023"
PINNED = AccountingOptions(factor_year=2022)


def period(
    slug: str, year: int, gas: float, *, output: float = 200_000, offset_ratio: float = 1.0
) -> dict:
    """A plant-year fully offset (by default), differing from the others only in gas/output."""
    plain = metrics_for(slug, year=year, natural_gas_m3=gas, output_units=output, options=PINNED)
    return metrics_for(
        slug,
        year=year,
        natural_gas_m3=gas,
        output_units=output,
        options=PINNED,
        offsets_tco2e=offset_ratio * plain["gross_tco2e"],
    )


def judge(slug: str, current: dict, earlier: list[dict], **kwargs) -> dict:
    return evaluate(current, all_gates(slug), earlier, criteria(slug), **kwargs)


def line(outcome: dict, rule_id: str) -> dict:
    return next(item for item in outcome["rules"] if item["id"] == rule_id)


class TestPas2060WorkedCase:
    """Plant JS-01 declares carbon neutrality under PAS 2060 three years running.

    2021: 6.0 M m3 gas, everything offset -> achieved (offset-only first period allowed).
    2022: 5.9 M m3 gas (gross down by 216.2 t), everything offset -> achieved (reduced).
    2023: 6.0 M m3 gas again, everything offset -> NOT achieved: later periods must show a
          reduction against the previous period, and 2023 is above 2022 (though equal to 2021).
    """

    y2021 = staticmethod(lambda: period(PAS, 2021, 6_000_000))
    y2022 = staticmethod(lambda: period(PAS, 2022, 5_900_000))
    y2023 = staticmethod(lambda: period(PAS, 2023, 6_000_000))

    def test_first_period_offset_only_is_allowed(self):
        outcome = judge(PAS, self.y2021(), [])
        rule = line(outcome, "later_period_reduction")
        assert rule["passed"] is True and rule["reason"] == "first_period_offset_only_allowed"
        assert rule["evidence_status"] == "first_period"
        assert outcome["level"] == "achievement" and outcome["status"] == "pass"

    def test_second_period_with_a_reduction_is_achieved(self):
        outcome = judge(PAS, self.y2022(), [self.y2021()])
        rule = line(outcome, "later_period_reduction")
        assert rule["passed"] is True and rule["reason"] == "reduced"
        assert rule["detail"]["reference_year"] == 2021
        # 100,000 m3 x 2.1622 kgCO2/m3 = 216.22 t less than 2021
        change = rule["detail"]["comparison"]["gross_tco2e"]["change"]
        assert change == pytest.approx(-216.22, abs=0.01)
        assert outcome["level"] == "achievement"

    def test_third_period_compares_with_the_previous_period(self):
        outcome = judge(PAS, self.y2023(), [self.y2021(), self.y2022()])
        rule = line(outcome, "later_period_reduction")
        assert rule["passed"] is False and rule["reason"] == "not_reduced"
        assert rule["detail"]["reference_year"] == 2022
        assert outcome["status"] == "fail" and outcome["level"] is None
        gap = next(item for item in outcome["gap"]["items"] if item["kind"] == "period")
        assert gap["reference_year"] == 2022
        assert gap["cut_more_than"]["gross_tco2e"] == pytest.approx(216.22, abs=0.01)

    def test_same_emissions_but_more_output_is_an_intensity_reduction(self):
        current = period(PAS, 2022, 6_000_000, output=210_000)
        outcome = judge(PAS, current, [self.y2021()])
        comparison = line(outcome, "later_period_reduction")["detail"]["comparison"]
        assert comparison["gross_tco2e"]["reduced"] is False
        assert comparison["intensity_kgco2e_per_unit"]["reduced"] is True
        assert outcome["level"] == "achievement"

    def test_reduction_without_full_offsets_is_not_achieved(self):
        outcome = judge(PAS, period(PAS, 2022, 5_900_000, offset_ratio=0.99), [self.y2021()])
        assert line(outcome, "later_period_reduction")["passed"] is True
        assert outcome["level"] is None


class TestIso14068:
    def test_no_offset_only_first_period(self):
        outcome = judge(ISO, period(ISO, 2022, 6_000_000), [])
        rule = line(outcome, "reduction_since_base_period")
        assert rule["passed"] is False and rule["reason"] == "first_period_no_offset_only"
        assert outcome["status"] == "fail"
        gap = next(item for item in outcome["gap"]["items"] if item["kind"] == "period")
        assert gap["next_period"] == 2023

    def test_reduction_against_the_base_period_not_the_previous_one(self):
        earlier = [period(ISO, 2021, 7_000_000), period(ISO, 2022, 5_000_000)]
        outcome = judge(ISO, period(ISO, 2023, 6_000_000), earlier)
        rule = line(outcome, "reduction_since_base_period")
        assert rule["detail"]["reference_year"] == 2021 and rule["passed"] is True
        assert outcome["level"] == "carbon_neutrality"
        pas = judge(
            PAS,
            period(PAS, 2023, 6_000_000),
            [period(PAS, 2021, 7_000_000), period(PAS, 2022, 5_000_000)],
        )
        assert pas["level"] is None  # PAS compares with the previous period

    def test_reductions_before_the_first_period_do_not_count(self):
        earlier = [period(ISO, 2020, 7_000_000), period(ISO, 2021, 6_000_000)]
        current = period(ISO, 2022, 6_000_000)
        counted = judge(ISO, current, earlier)  # default: first period = earliest (2020)
        assert counted["level"] == "carbon_neutrality"
        outcome = judge(ISO, current, earlier, first_period_year=2021)
        rule = line(outcome, "reduction_since_base_period")
        assert rule["detail"]["ignored_years"] == [2020]
        assert rule["detail"]["reference_year"] == 2021
        assert rule["passed"] is False and outcome["level"] is None
        assert outcome["periods"]["ignored_years"] == [2020]

    def test_first_period_by_programme_start_even_with_older_data(self):
        earlier = [period(ISO, 2020, 7_000_000), period(ISO, 2021, 6_500_000)]
        outcome = judge(ISO, period(ISO, 2022, 6_000_000), earlier, first_period_year=2022)
        assert (
            line(outcome, "reduction_since_base_period")["reason"] == "first_period_no_offset_only"
        )


class TestSuzhouDecline:
    slug = "suzhou-near-zero-2023"

    def test_missing_year_is_named_in_the_gap(self):
        current = period(self.slug, 2022, 6_000_000)
        outcome = judge(self.slug, current, [period(self.slug, 2020, 6_200_000)])
        rule = line(outcome, "emissions_falling_three_years")
        assert rule["evidence_status"] == "missing_history" and rule["passed"] is False
        gap = next(item for item in outcome["gap"]["items"] if item["kind"] == "period")
        assert gap["missing_years"] == [2021]

    def test_later_periods_are_not_history(self):
        current = period(self.slug, 2021, 6_000_000)
        outcome = judge(
            self.slug,
            current,
            [
                period(self.slug, 2022, 5_000_000),
                period(self.slug, 2020, 6_100_000),
                period(self.slug, 2019, 6_200_000),
            ],
        )
        assert outcome["periods"]["earlier_years_used"] == [2019, 2020]
        assert line(outcome, "emissions_falling_three_years")["passed"] is True
