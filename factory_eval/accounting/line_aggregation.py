"""Report lines (green-power instruments, steam) summed per plant-year for the engine (pure)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from factory_eval.accounting.factor_tables import MissingFactorError


def eligible_instruments(
    lines: pd.DataFrame, years: pd.Series
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sum green-power instrument lines per plant-year, counting only the reporting vintage.

    ``lines`` columns: key (the plant-year index value), instrument (green_trade | gec | irec),
    quantity (kWh | certificates | MWh), vintage_year. ``years`` maps key -> reporting year.
    Returns (totals with green_trade_kwh, gec_count, irec_mwh per key; the refused lines).
    """
    columns = {"green_trade": "green_trade_kwh", "gec": "gec_count", "irec": "irec_mwh"}
    totals = pd.DataFrame(0.0, index=years.index, columns=list(columns.values()))
    if lines.empty:
        return totals, lines.iloc[0:0]
    reporting_year = lines["key"].map(years)
    eligible = lines["vintage_year"].astype("int64") == reporting_year
    summed = (
        lines[eligible]
        .groupby(["key", "instrument"])["quantity"]
        .sum()
        .astype("float64")
        .unstack(fill_value=0.0)
    )
    for instrument, column in columns.items():
        if instrument in summed.columns:
            totals[column] = summed[instrument].reindex(years.index, fill_value=0.0)
    return totals, lines[~eligible]


def steam_energy(
    lines: pd.DataFrame, enthalpy_mj_per_t: dict[str, float], index: pd.Index
) -> pd.DataFrame:
    """Purchased steam or heat lines to GJ per plant-year, keeping supplier-stated factors apart.

    ``lines`` columns: key, quantity, unit (GJ | t), pressure_class (for t without metered
    enthalpy), enthalpy_mj_per_t (metered, optional), supplier_factor_tco2_per_gj (optional).
    Tonnes convert by metered enthalpy, else by the pressure-class fallback table
    (GB 30251-2024). Returns steam_gj, steam_supplier_gj and steam_supplier_tco2e per key of
    ``index``; GJ without a supplier factor take the default heat factor in ``compute``.
    """
    columns = ["steam_gj", "steam_supplier_gj", "steam_supplier_tco2e"]
    if lines.empty:
        return pd.DataFrame(0.0, index=index, columns=columns)
    absent = pd.Series(np.nan, index=lines.index)
    quantity = lines["quantity"].astype("float64")
    metered = lines.get("enthalpy_mj_per_t", absent).astype("float64")
    fallback = (
        lines.get("pressure_class", absent)
        .map(lambda value: enthalpy_mj_per_t.get(str(value), np.nan))
        .astype("float64")
    )
    enthalpy = metered.fillna(fallback)
    is_tonnes = lines["unit"].eq("t")
    if (is_tonnes & enthalpy.isna()).any():
        raise MissingFactorError("steam in tonnes needs a metered enthalpy or a pressure class")
    gj = np.where(is_tonnes, quantity * enthalpy / 1000.0, quantity)
    supplier = lines.get("supplier_factor_tco2_per_gj", absent).astype("float64")
    has_supplier = supplier.notna().to_numpy()
    frame = pd.DataFrame(
        {
            "key": lines["key"].to_numpy(),
            "steam_gj": gj,
            "steam_supplier_gj": np.where(has_supplier, gj, 0.0),
            "steam_supplier_tco2e": np.where(has_supplier, gj * supplier.fillna(0.0), 0.0),
        }
    )
    return frame.groupby("key")[columns].sum().reindex(index, fill_value=0.0)
