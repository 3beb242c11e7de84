from rest_framework import serializers

from factory_eval.accounting.models import AccountingResult

SUMMARY_FIELDS = [
    "id",
    "report",
    "plant_code",
    "year",
    "revision",
    "engine_version",
    "provisional",
    "intensity_total",
    "clean_power_share",
    "scope1_tco2e",
    "scope2_location_tco2e",
    "scope2_market_tco2e",
    "steam_tco2e",
    "total_tco2e",
    "net_tco2e",
    "energy_kgce_per_unit",
    "grid_factor",
    "previous",
    "reason",
    "created_at",
]


class ResultSerializer(serializers.ModelSerializer):
    plant_code = serializers.CharField(source="report.plant.code", read_only=True)
    year = serializers.IntegerField(source="report.year", read_only=True)
    revision = serializers.IntegerField(source="report.revision", read_only=True)

    class Meta:
        model = AccountingResult
        fields = SUMMARY_FIELDS
        read_only_fields = SUMMARY_FIELDS


class ResultDetailSerializer(ResultSerializer):
    """With the full figures-and-provenance document, its inputs and the factor editions."""

    class Meta(ResultSerializer.Meta):
        fields = [
            *SUMMARY_FIELDS,
            "fingerprint",
            "inputs_sha256",
            "options",
            "editions",
            "document",
            "inputs",
        ]
        read_only_fields = fields
