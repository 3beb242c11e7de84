"""Annual energy reports, their lines and evidence, and spreadsheet uploads."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from factory_eval.plants.models import Plant

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


def quantity_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=20,
        decimal_places=4,
        default=Decimal("0"),
        validators=NON_NEGATIVE,
        **kwargs,
    )


class EnergyReport(models.Model):
    """One plant's energy use and output for one reporting year (one revision of it)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        COMPUTED = "computed", _("Computed")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Superseded")

    class Source(models.TextChoices):
        FORM = "form", _("Form")
        SPREADSHEET = "spreadsheet", _("Spreadsheet")
        API = "api", _("API")
        DEMO = "demo", _("Demo data")

    plant = models.ForeignKey(
        Plant, on_delete=models.PROTECT, related_name="reports", verbose_name=_("plant")
    )
    year = models.PositiveSmallIntegerField(_("reporting year"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.FORM
    )

    output_quantity = quantity_field(_("output (units)"))
    natural_gas_m3 = quantity_field(_("natural gas (m3)"))
    diesel_t = quantity_field(_("diesel (t)"))
    gasoline_t = quantity_field(_("gasoline (t)"))
    lpg_t = quantity_field(_("LPG (t)"))
    coal_t = quantity_field(_("coal (t)"))
    grid_electricity_kwh = quantity_field(
        _("grid electricity (kWh)"), help_text=_("includes green-power trading kWh")
    )
    onsite_renewable_kwh = quantity_field(_("on-site renewable consumed (kWh)"))

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plant__code", "year", "revision"]
        verbose_name = _("energy report")
        verbose_name_plural = _("energy reports")
        constraints = [
            models.UniqueConstraint(
                fields=["plant", "year", "revision"], name="report_unique_plant_year_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plant.code} {self.year} r{self.revision}"


class Evidence(models.Model):
    """A file backing a figure: a bill, a trading settlement, a retirement record."""

    class Kind(models.TextChoices):
        ENERGY_BILL = "energy_bill", _("Energy bill")
        GREEN_POWER = "green_power", _("Green-power settlement or certificate")
        OFFSET = "offset", _("Offset retirement record")
        OUTPUT = "output", _("Production record")
        MANAGEMENT = "management", _("Management system or plan")
        DECLARATION = "declaration", _("Declaration")
        OTHER = "other", _("Other")

    report = models.ForeignKey(EnergyReport, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report_id", "uploaded_at"]  # by id: no join to the report and its plant
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class GreenPowerInstrument(models.Model):
    """Green-power trading kWh, unbundled GECs or I-RECs; counted only in their vintage year."""

    class Instrument(models.TextChoices):
        GREEN_TRADE = "green_trade", _("Green-power trading (kWh)")
        GEC = "gec", _("Green electricity certificates, unbundled (count)")
        IREC = "irec", _("I-REC (MWh)")

    UNITS = {"green_trade": "kWh", "gec": "GEC", "irec": "MWh"}

    report = models.ForeignKey(EnergyReport, on_delete=models.CASCADE, related_name="instruments")
    instrument = models.CharField(_("instrument"), max_length=12, choices=Instrument.choices)
    quantity = quantity_field(_("quantity"))
    vintage_year = models.PositiveSmallIntegerField(_("vintage year"))
    reference = models.CharField(_("contract or certificate serials"), max_length=300, blank=True)
    evidence = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["report_id", "instrument", "id"]

    def __str__(self) -> str:
        unit = self.UNITS[self.instrument]
        return f"{self.instrument} {self.quantity} {unit} ({self.vintage_year})"


class SteamPurchase(models.Model):  # noqa: DJ008 - a line shown only within its report
    """Purchased steam or heat, in GJ, or in tonnes with a metered enthalpy or pressure class."""

    class Unit(models.TextChoices):
        GJ = "GJ", "GJ"
        TONNE = "t", _("tonnes")

    report = models.ForeignKey(EnergyReport, on_delete=models.CASCADE, related_name="steam")
    quantity = quantity_field(_("quantity"))
    unit = models.CharField(_("unit"), max_length=2, choices=Unit.choices, default=Unit.GJ)
    pressure_class = models.CharField(_("pressure class (MPa)"), max_length=16, blank=True)
    enthalpy_mj_per_t = models.DecimalField(
        _("metered enthalpy (MJ/t)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    supplier_factor_tco2_per_gj = models.DecimalField(
        _("supplier's factor (tCO2/GJ)"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)

    class Meta:
        ordering = ["report_id", "id"]


class OffsetRetirement(models.Model):  # noqa: DJ008 - a line shown only within its report
    """Credits retired against the period's emissions."""

    class Registry(models.TextChoices):
        CCER = "CCER", "CCER"
        VCS = "VCS", "Verra VCS"
        GOLD_STANDARD = "GS", "Gold Standard"
        OTHER = "other", _("Other")
        UNSPECIFIED = "", _("Not stated")

    report = models.ForeignKey(EnergyReport, on_delete=models.CASCADE, related_name="offsets")
    registry = models.CharField(_("registry"), max_length=8, choices=Registry.choices, blank=True)
    serial = models.CharField(_("serial numbers"), max_length=300, blank=True)
    quantity_tco2e = quantity_field(_("tCO2e"))
    retirement_date = models.DateField(_("retirement date"), null=True, blank=True)
    evidence = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["report_id", "id"]


class DeclaredEmission(models.Model):  # noqa: DJ008 - a line shown only within its report
    """Scope 1 emissions not from fuels: process emissions, refrigerant leaks."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("Process emissions")
        REFRIGERANT = "refrigerant", _("Refrigerant leakage")
        OTHER = "other", _("Other direct emissions")

    report = models.ForeignKey(EnergyReport, on_delete=models.CASCADE, related_name="declared")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    quantity_tco2e = quantity_field(_("tCO2e"))
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["report_id", "id"]


class SpreadsheetUpload(models.Model):
    """A CSV or XLSX intake, processed as a task; its problems are kept for download."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        FAILED = "failed", _("Refused")
        SUCCEEDED = "succeeded", _("Imported")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to="uploads/%Y/%m/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    report_ids = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=8, default="zh-hans")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"
