"""Forms of the report pages: they validate input, and views hand the clean data to services.

Field rules come from the models (non-negative quantities, choices, lengths); the checks a user
should hear about while typing (the year's range, a report that already exists) use the same
problem texts as the spreadsheet intake, so a form and an upload say the same thing.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from factory_eval.core.problems import Problem
from factory_eval.plants.models import Plant
from factory_eval.reporting.editing import REPORT_FIELDS
from factory_eval.reporting.models import (
    DeclaredEmission,
    EnergyReport,
    Evidence,
    GreenPowerInstrument,
    OffsetRetirement,
    SteamPurchase,
)
from factory_eval.reporting.selectors import intake_context


def _quantity_field(name: str) -> forms.DecimalField:
    model_field = EnergyReport._meta.get_field(name)
    field = model_field.formfield(required=False, min_value=Decimal("0"))
    field.widget.attrs.update({"inputmode": "decimal", "min": "0", "step": "any"})
    return field


class QuantitiesForm(forms.Form):
    """The report's own quantities; an empty box means zero."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REPORT_FIELDS:
            self.fields[name] = _quantity_field(name)

    def clean(self):
        cleaned = super().clean()
        for name in REPORT_FIELDS:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = Decimal("0")
        return cleaned

    def quantities(self) -> dict[str, Decimal]:
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS}

    def warnings(self) -> list[str]:
        """What would stop the report at submission (shown while typing, not refused yet)."""
        if not self.is_bound or self.errors:
            return []
        if self.cleaned_data.get("output_quantity", Decimal("0")) <= 0:
            return [Problem("zero_output", "output_quantity").reason]
        return []


class ReportCreateForm(QuantitiesForm):
    plant = forms.ModelChoiceField(queryset=Plant.objects.none(), label=_("plant"))
    year = forms.IntegerField(label=_("reporting year"))

    def __init__(self, *args, plants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plant"].queryset = plants if plants is not None else Plant.objects.none()
        self.order_fields(["plant", "year", *REPORT_FIELDS])
        context = intake_context()
        self.fields["year"].min_value = context.earliest_data_year
        self.fields["year"].max_value = context.latest_year
        self.fields["year"].widget.attrs.update(
            {"min": context.earliest_data_year, "max": context.latest_year}
        )
        self.fields["year"].help_text = _(
            "%(first)s to %(last)s: the first year with a published grid factor to this year"
        ) % {"first": context.earliest_data_year, "last": context.latest_year}

    def clean(self):
        cleaned = super().clean()
        plant, year = cleaned.get("plant"), cleaned.get("year")
        if (
            plant is not None
            and year is not None
            and EnergyReport.objects.filter(plant=plant, year=year).exists()
        ):
            self.add_error(
                "year",
                Problem("report_exists", "year", params={"plant": plant.code, "year": year}).reason,
            )
        return cleaned


def _evidence_choices(form: forms.ModelForm, report: EnergyReport) -> None:
    if "evidence" in form.fields:
        form.fields["evidence"].queryset = Evidence.objects.filter(report=report)
        form.fields["evidence"].required = False


class _LineForm(forms.ModelForm):
    def __init__(self, *args, report: EnergyReport, **kwargs):
        super().__init__(*args, **kwargs)
        _evidence_choices(self, report)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.widget.attrs.update({"inputmode": "decimal", "min": "0", "step": "any"})


class InstrumentForm(_LineForm):
    class Meta:
        model = GreenPowerInstrument
        fields = ["instrument", "quantity", "vintage_year", "reference", "evidence"]


class SteamForm(_LineForm):
    class Meta:
        model = SteamPurchase
        fields = [
            "quantity",
            "unit",
            "pressure_class",
            "enthalpy_mj_per_t",
            "supplier_factor_tco2_per_gj",
            "supplier",
        ]


class OffsetForm(_LineForm):
    class Meta:
        model = OffsetRetirement
        fields = ["registry", "serial", "quantity_tco2e", "retirement_date", "evidence"]
        widgets = {"retirement_date": forms.DateInput(attrs={"type": "date"})}


class DeclaredForm(_LineForm):
    class Meta:
        model = DeclaredEmission
        fields = ["kind", "quantity_tco2e", "description"]


LINE_FORMS: dict[str, type[_LineForm]] = {
    "instruments": InstrumentForm,
    "steam": SteamForm,
    "offsets": OffsetForm,
    "declared": DeclaredForm,
}
LINE_TITLES = {
    "instruments": _("Green-power instruments"),
    "steam": _("Purchased steam and heat"),
    "offsets": _("Offsets retired"),
    "declared": _("Declared direct emissions"),
}


def line_form(kind: str, report: EnergyReport, data=None) -> _LineForm:
    return LINE_FORMS[kind](data, report=report, prefix=kind)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("file"),
        help_text=_("PDF, OFD, PNG, JPEG, XLSX or DOCX; the type is read from the file itself"),
    )
    kind = forms.ChoiceField(
        label=_("kind"), choices=Evidence.Kind.choices, initial=Evidence.Kind.ENERGY_BILL
    )
    description = forms.CharField(label=_("description"), max_length=300, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                Problem(
                    "evidence_too_large",
                    "file",
                    params={"value": upload.size, "limit": settings.EVIDENCE_MAX_BYTES},
                ).reason
            )
        return upload


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("spreadsheet"),
        help_text=_("CSV or XLSX with Chinese or English headers, one row per plant and year"),
    )
    organisation = forms.ModelChoiceField(queryset=None, label=_("organisation"), required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() <= 1:
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.SPREADSHEET_MAX_BYTES:
            raise forms.ValidationError(
                Problem(
                    "file_too_large",
                    "file",
                    params={"value": upload.size, "limit": settings.SPREADSHEET_MAX_BYTES},
                ).reason
            )
        return upload

    def clean_organisation(self):
        organisation = self.cleaned_data.get("organisation")
        if organisation is None:
            choices = list(self.fields["organisation"].queryset[:2])
            if len(choices) != 1:
                raise forms.ValidationError(Problem("required", "organisation").reason)
            organisation = choices[0]
        return organisation


def _cell(line, name: str) -> str:
    display = getattr(line, f"get_{name}_display", None)
    value = display() if display else getattr(line, name)
    if value is None or value == "":
        return "—"
    return str(value)


def line_table(kind: str, lines: list) -> dict:
    """Headers and cells of one kind of line, labelled as the form labels its fields."""
    model_form = LINE_FORMS[kind]
    names = list(model_form._meta.fields)
    model = model_form._meta.model
    headers = [str(model._meta.get_field(name).verbose_name) for name in names]
    return {
        "headers": headers,
        "rows": [{"id": line.pk, "cells": [_cell(line, name) for name in names]} for line in lines],
    }
