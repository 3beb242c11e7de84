"""The benchmark figures a user may see, as tables (CSV/XLSX through ``core.exports``)."""

from __future__ import annotations

import pandas as pd
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from factory_eval.benchmarks.selectors import BenchmarkView

METRIC_LABELS = {
    "intensity_total": _("Per-unit intensity (kgCO2e per unit)"),
    "clean_power_share": _("Clean-power share"),
}
GROUP_COLUMNS = {
    "year": _("Year"),
    "plant_type": _("Plant type"),
    "output_unit": _("Output unit"),
    "dimension": _("Grouped by"),
    "group": _("Group"),
    "group_label": _("Group name"),
    "metric": _("Figure"),
    "count": _("Plants"),
    "min": _("Minimum"),
    "p25": _("25th percentile"),
    "median": _("Median"),
    "p75": _("75th percentile"),
    "max": _("Maximum"),
    "mean": _("Mean"),
}
PLANT_COLUMNS = {
    "year": _("Year"),
    "plant_type": _("Plant type"),
    "output_unit": _("Output unit"),
    "dimension": _("Grouped by"),
    "group": _("Group"),
    "group_label": _("Group name"),
    "plant_code": _("Plant code"),
    "plant_name_zh": _("Plant"),
    "plant_name_en": _("Plant (English)"),
    "metric": _("Figure"),
    "value": _("Value"),
    "percentile": _("Percentile in group"),
    "group_count": _("Plants in group"),
    "provisional": _("Provisional"),
}


def _labelled(frame: pd.DataFrame, view: BenchmarkView, columns: dict) -> pd.DataFrame:
    table = frame.copy()
    language = get_language() or "zh"
    table["group_label"] = [view.label(group, language) for group in table.get("group", [])]
    table["metric"] = [str(METRIC_LABELS.get(metric, metric)) for metric in table.get("metric", [])]
    table = table.reindex(columns=list(columns))
    return table.rename(columns={key: str(label) for key, label in columns.items()})


def groups_frame(view: BenchmarkView) -> pd.DataFrame:
    return _labelled(view.groups, view, GROUP_COLUMNS)


def plants_frame(view: BenchmarkView) -> pd.DataFrame:
    return _labelled(view.plants, view, PLANT_COLUMNS)
