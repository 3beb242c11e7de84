"""The factor rows and run options the accounting engine works with (pure, no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

DEFAULT_ACCEPTED_INSTRUMENTS: frozenset[str] = frozenset({"onsite", "green_trade", "gec"})

GridLevel = Literal["auto", "provincial", "regional", "national"]
ResidualPolicy = Literal["grid", "national_excl_market_nonfossil"]
NATIONAL_AVERAGE = "national_average"
NATIONAL_EXCL_MARKET_NONFOSSIL = "national_excl_market_nonfossil"
UNVERIFIED = "unverified"


class MissingFactorError(ValueError):
    """A required factor is absent from the tables given to the engine."""


@dataclass(frozen=True)
class FactorRow:
    """One factor row as the engine needs it: the value and where it came from."""

    row_id: int | str
    value: float
    unit: str
    confidence: str = ""

    @property
    def unverified(self) -> bool:
        return UNVERIFIED in self.confidence.lower()


@dataclass(frozen=True)
class FactorTables:
    """The factor rows of one set of editions, as plain Python and pandas objects.

    ``grid`` columns: row_id, data_year, level, area_zh, area_en, kgco2_per_kwh, notice.
    ``fuel`` keys: FUELS and ``purchased_heat``; values in kgCO2 per reported unit (heat per GJ).
    ``standard_coal`` keys: electricity, heat, natural_gas, diesel, gasoline, raw_coal, lpg.
    """

    grid: pd.DataFrame
    fuel: dict[str, FactorRow]
    standard_coal: dict[str, FactorRow]

    def fuel_factor(self, key: str) -> FactorRow:
        try:
            return self.fuel[key]
        except KeyError:
            raise MissingFactorError(f"no fuel factor for {key!r}") from None

    def coal_coefficient(self, key: str) -> FactorRow:
        try:
            return self.standard_coal[key]
        except KeyError:
            raise MissingFactorError(f"no standard-coal coefficient for {key!r}") from None


@dataclass(frozen=True)
class AccountingOptions:
    """What a run may fix: grid-factor level and data year, residual policy, instruments."""

    grid_factor_level: GridLevel = "auto"
    factor_year: int | None = None
    residual_factor: ResidualPolicy = "grid"
    accepted_instruments: frozenset[str] = field(default=DEFAULT_ACCEPTED_INSTRUMENTS)

    def as_dict(self) -> dict:
        return {
            "grid_factor_level": self.grid_factor_level,
            "factor_year": self.factor_year,
            "residual_factor": self.residual_factor,
            "accepted_instruments": sorted(self.accepted_instruments),
        }
