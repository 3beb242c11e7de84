"""Subsidy API bodies. Eligibility is computed, not stored: its serializers describe the dicts
``subsidies.presentation`` builds (for the schema) and are not used to write anything."""

from __future__ import annotations

from rest_framework import serializers

from factory_eval.plants.models import Plant
from factory_eval.subsidies.eligibility import UNVERIFIED
from factory_eval.subsidies.models import Award, ProgrammeVersion


class RecognitionSerializer(serializers.Serializer):
    criteria = serializers.CharField(max_length=64)
    level = serializers.CharField(max_length=60)
    confidence = serializers.CharField(max_length=40, required=False, default=UNVERIFIED)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    note_zh = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ProgrammeVersionSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="programme.code", read_only=True)
    accepted_recognitions = RecognitionSerializer(many=True, read_only=True)
    provisional = serializers.SerializerMethodField()
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ProgrammeVersion
        fields = [
            "code",
            "number",
            "policy_name",
            "province_code",
            "province_name",
            "city",
            "district",
            "issued",
            "in_force_from",
            "in_force_until",
            "dates_basis",
            "recognition_required",
            "accepted_recognitions",
            "recognition_note",
            "recognition_note_zh",
            "max_award_cny",
            "source",
            "confidence",
            "provisional",
            "reason",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_provisional(self, version: ProgrammeVersion) -> bool:
        """Whether eligibility under this version is provisional whatever the certificate:
        an unverified programme row, an unverified recognition mapping, or dates not stated."""
        return (
            version.confidence == UNVERIFIED
            or version.dates_basis != ProgrammeVersion.DatesBasis.STATED
            or any(item.get("confidence") == UNVERIFIED for item in version.accepted_recognitions)
        )


class ProgrammeWriteSerializer(serializers.Serializer):
    """A new programme, or the next version of one (same ``code``): administrators only."""

    code = serializers.SlugField(max_length=80)
    policy_name = serializers.CharField(max_length=300)
    province = serializers.CharField(max_length=40, help_text="GB/T 2260 code or name")
    city = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    district = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    issued = serializers.CharField(
        max_length=10,
        required=False,
        allow_blank=True,
        default="",
        help_text="YYYY-MM or YYYY-MM-DD",
    )
    in_force_from = serializers.DateField(required=False, allow_null=True, default=None)
    in_force_until = serializers.DateField(required=False, allow_null=True, default=None)
    recognition_required = serializers.CharField(max_length=2000)
    accepted_recognitions = RecognitionSerializer(many=True, required=False, default=list)
    recognition_note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    recognition_note_zh = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    max_award_cny = serializers.DecimalField(max_digits=14, decimal_places=2)
    source = serializers.CharField(max_length=2000)
    confidence = serializers.CharField(max_length=40)
    reason = serializers.CharField(max_length=2000)


class AwardSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.code", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    plant_code = serializers.CharField(source="plant.code", read_only=True)
    plant_name = serializers.CharField(source="plant.name_zh", read_only=True)
    certificate = serializers.CharField(source="certificate.serial", read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    annulled_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    in_effect = serializers.BooleanField(read_only=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "programme",
            "version",
            "plant",
            "plant_code",
            "plant_name",
            "certificate",
            "amount_cny",
            "decided_on",
            "reference",
            "note",
            "recorded_by",
            "recorded_at",
            "in_effect",
            "annulled_at",
            "annulled_by",
            "annul_reason",
        ]
        read_only_fields = fields


class AwardCreateSerializer(serializers.Serializer):
    programme = serializers.CharField(max_length=80, help_text="programme code")
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="version number (default: the current one)",
    )
    plant = serializers.PrimaryKeyRelatedField(queryset=Plant.objects.none())
    certificate = serializers.CharField(max_length=40, help_text="certificate serial")
    amount_cny = serializers.DecimalField(max_digits=14, decimal_places=2)
    decided_on = serializers.DateField()
    reference = serializers.CharField(max_length=100)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AnnulSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


# --- eligibility (described for the schema) -----------------------------------------------------
class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class JurisdictionSerializer(serializers.Serializer):
    province_code = serializers.CharField()
    province = serializers.CharField()
    city = serializers.CharField()
    district = serializers.CharField()


class ProgrammeRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    policy_name = serializers.CharField()
    jurisdiction = JurisdictionSerializer()
    max_award_cny = serializers.CharField()


class CertificateRefSerializer(serializers.Serializer):
    serial = serializers.CharField()
    criteria = serializers.CharField()
    level = serializers.CharField()
    valid_until = serializers.DateField()
    provisional = serializers.BooleanField()


class EligibleSerializer(serializers.Serializer):
    programme = ProgrammeRefSerializer()
    max_award_cny = serializers.CharField()
    certificate = CertificateRefSerializer()
    provisional = serializers.BooleanField()
    provisional_reasons = ReasonSerializer(many=True)


class NotEligibleSerializer(serializers.Serializer):
    programme = ProgrammeRefSerializer()
    reasons = ReasonSerializer(many=True)


class PlantRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    organisation = serializers.CharField()
    province_code = serializers.CharField()
    city = serializers.CharField()
    district = serializers.CharField()
    plant_type = serializers.CharField()


class AwardRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme = serializers.CharField()
    amount_cny = serializers.CharField()
    decided_on = serializers.DateField()
    reference = serializers.CharField()
    certificate = serializers.CharField()


class PlantEligibilitySerializer(serializers.Serializer):
    plant = PlantRefSerializer()
    on = serializers.DateField()
    eligible = EligibleSerializer(many=True)
    not_eligible = NotEligibleSerializer(many=True)
    total_max_award_cny = serializers.CharField()
    awards = AwardRefSerializer(many=True)
