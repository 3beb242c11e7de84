"""Clean power and market-based figures for another set of accepted instruments (pure).

A stored result counts the service's default instruments, but a criteria set may accept others
(T/CECA-G 0171 cases counted I-REC). Every stored result keeps the kWh each instrument offered
and counted, so a set's own share and market-based scope 2 follow from those stored components
with the same allocation rule as the engine (``calculations.clean_electricity``), never from new
inputs.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from factory_eval.accounting.calculations import INSTRUMENTS, KG_PER_T, clean_electricity

MARKET_INSTRUMENTS = ("green_trade", "gec", "irec")


def _number(value) -> float:
    return 0.0 if value is None else float(value)


def recount_for_instruments(document: dict, accepted: Iterable[str]) -> dict:
    """The clean-power and emission figures of ``document`` had ``accepted`` been counted.

    ``document`` is a result document (``accounting.documents.build_documents``). Returns the
    clean kWh per instrument, clean kWh, share, uncovered grid kWh, market-based scope 2,
    gross (market-based) total, net and per-unit intensity.
    """
    accepted = frozenset(accepted)
    unknown = accepted - set(INSTRUMENTS)
    if unknown:
        raise ValueError(f"unknown instruments {sorted(unknown)}")
    electricity = document["electricity_kwh"]
    grid = _number(electricity["grid"])
    consumed = _number(electricity["consumed"])
    onsite = max(consumed - grid, 0.0)
    offered = electricity["offered_by_instrument"]
    counted = clean_electricity(
        np.array([grid]),
        np.array([onsite]),
        {name: np.array([_number(offered.get(name))]) for name in MARKET_INSTRUMENTS},
        accepted,
    )
    by_instrument = {name: float(counted[name][0]) for name in INSTRUMENTS}
    clean = sum(by_instrument.values())
    covered = clean - by_instrument["onsite"]
    uncovered = max(grid - covered, 0.0)
    emissions = document["emissions_tco2e"]
    residual_factor = _number(document["residual_factor"]["value"])
    scope2_market = uncovered * residual_factor / KG_PER_T
    gross = _number(emissions["scope1"]) + scope2_market + _number(emissions["steam"])
    output = _number(document["output_units"])
    return {
        "accepted_instruments": sorted(accepted),
        "clean_by_instrument": by_instrument,
        "clean_electricity_kwh": clean,
        "clean_power_share": clean / consumed if consumed > 0 else 0.0,
        "uncovered_grid_kwh": uncovered,
        "scope2_market_tco2e": scope2_market,
        "gross_tco2e": gross,
        "net_tco2e": gross - _number(emissions["offsets"]),
        "intensity_kgco2e_per_unit": gross * KG_PER_T / output if output > 0 else None,
    }
