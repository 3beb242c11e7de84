"""Criteria sets and versions, the sets chosen for a report, evaluations, the gate checklist."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from factory_eval.accounting.api.serializers import ResultSerializer
from factory_eval.evaluation.models import (
    CriteriaSet,
    CriteriaVersion,
    Evaluation,
    GateConfirmation,
    ReportCriteria,
)

VERSION_FIELDS = [
    "id",
    "criteria_set",
    "number",
    "sha256",
    "edition",
    "status",
    "withdrawn_on",
    "source_path",
    "schema_version",
    "loaded_at",
    "is_current",
]


class CriteriaVersionSerializer(serializers.ModelSerializer):
    criteria_set = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = CriteriaVersion
        fields = VERSION_FIELDS
        read_only_fields = VERSION_FIELDS

    def get_is_current(self, version: CriteriaVersion) -> bool:
        return version.criteria_set.current_version_id == version.pk


class CriteriaVersionDetailSerializer(CriteriaVersionSerializer):
    """With the parsed document (what the engine reads) and the file's text as loaded."""

    class Meta(CriteriaVersionSerializer.Meta):
        fields = [*VERSION_FIELDS, "document", "source_text"]
        read_only_fields = fields


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = CriteriaVersion
        fields = ["id", "number", "sha256", "edition", "status", "withdrawn_on", "loaded_at"]
        read_only_fields = fields


class CriteriaSetSerializer(serializers.ModelSerializer):
    current_version = VersionSummarySerializer(read_only=True)
    version_count = serializers.IntegerField(source="versions.count", read_only=True)

    class Meta:
        model = CriteriaSet
        fields = [
            "id",
            "slug",
            "name_zh",
            "name_en",
            "current_version",
            "version_count",
            "created_at",
        ]
        read_only_fields = fields


# --- the sets chosen for a report -------------------------------------------------------------


class ChoiceSerializer(serializers.Serializer):
    criteria_set = serializers.CharField(max_length=60, help_text="the set's slug")
    first_period_year = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1900,
        max_value=2100,
        help_text="the plant's first period under this set (period rules); default: its "
        "earliest reported year",
    )


class ChoiceInputSerializer(serializers.Serializer):
    criteria = ChoiceSerializer(
        many=True,
        allow_empty=True,
        help_text=(
            "the sets to evaluate the report against; an empty list means every set in force"
        ),
    )


class ChosenSerializer(serializers.ModelSerializer):
    criteria_set = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name_zh = serializers.CharField(source="criteria_set.name_zh", read_only=True)
    name_en = serializers.CharField(source="criteria_set.name_en", read_only=True)

    class Meta:
        model = ReportCriteria
        fields = [
            "criteria_set",
            "name_zh",
            "name_en",
            "first_period_year",
            "chosen_by",
            "chosen_at",
        ]
        read_only_fields = fields


class ApplicableSetSerializer(serializers.Serializer):
    criteria_set = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    version = serializers.IntegerField(help_text="criteria version id")
    version_number = serializers.IntegerField()
    sha256 = serializers.CharField()
    status = serializers.ChoiceField(choices=CriteriaVersion.Status.choices)
    first_period_year = serializers.IntegerField(allow_null=True)


class ReportCriteriaSerializer(serializers.Serializer):
    report = serializers.IntegerField()
    report_status = serializers.CharField()
    default_sets = serializers.BooleanField(
        help_text="true when none is chosen: every set in force applies"
    )
    chosen = ChosenSerializer(many=True)
    applies = ApplicableSetSerializer(
        many=True, help_text=("the current version of each set the report is evaluated against")
    )


# --- evaluations ------------------------------------------------------------------------------

SUMMARY_FIELDS = [
    "id",
    "report",
    "plant",
    "plant_code",
    "year",
    "revision",
    "criteria_set",
    "criteria_version",
    "version_number",
    "result",
    "status",
    "level",
    "level_name_zh",
    "level_name_en",
    "potential_level",
    "passed",
    "score",
    "provisional",
    "current",
    "engine_version",
    "created_at",
]


class EvaluationSerializer(serializers.ModelSerializer):
    plant = serializers.IntegerField(source="report.plant_id", read_only=True)
    plant_code = serializers.CharField(source="report.plant.code", read_only=True)
    year = serializers.IntegerField(source="report.year", read_only=True)
    revision = serializers.IntegerField(source="report.revision", read_only=True)
    criteria_set = serializers.CharField(
        source="criteria_version.criteria_set.slug", read_only=True
    )
    version_number = serializers.IntegerField(source="criteria_version.number", read_only=True)
    level = serializers.SerializerMethodField()
    level_name_zh = serializers.SerializerMethodField()
    level_name_en = serializers.SerializerMethodField()
    potential_level = serializers.SerializerMethodField()
    current = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = SUMMARY_FIELDS
        read_only_fields = SUMMARY_FIELDS

    def get_level(self, evaluation: Evaluation) -> str | None:
        """The level reached (none while pending or failed)."""
        return evaluation.level or None

    @staticmethod
    def _outcome(evaluation: Evaluation, key: str) -> str | None:
        """A key of the outcome: annotated on lists (the document is not loaded), else read."""
        annotated = f"outcome_{key}"
        if hasattr(evaluation, annotated):
            return getattr(evaluation, annotated)
        return evaluation.outcome.get(key)

    def get_level_name_zh(self, evaluation: Evaluation) -> str | None:
        return self._outcome(evaluation, "level_name_zh")

    def get_level_name_en(self, evaluation: Evaluation) -> str | None:
        return self._outcome(evaluation, "level_name_en")

    def get_potential_level(self, evaluation: Evaluation) -> str | None:
        """The level reached once every pending gate item is confirmed."""
        return self._outcome(evaluation, "potential_level")

    def get_current(self, evaluation: Evaluation) -> bool:
        """The newest evaluation of its report against its set."""
        return getattr(evaluation, "current_id", evaluation.pk) == evaluation.pk


class EvaluationDetailSerializer(EvaluationSerializer):
    """With the full outcome: every rule line, the gap report, the unverified parameters."""

    criteria_version = VersionSummarySerializer(read_only=True)
    result = ResultSerializer(read_only=True)

    class Meta(EvaluationSerializer.Meta):
        fields = [
            *SUMMARY_FIELDS,
            "first_period_year",
            "gate_states",
            "earlier_results",
            "fingerprint",
            "outcome",
        ]
        read_only_fields = fields


# --- the gate checklist -----------------------------------------------------------------------


class EvidenceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    original_name = serializers.CharField()
    description = serializers.CharField()


class ConfirmationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=GateConfirmation.State.choices)
    comment = serializers.CharField()
    confirmed_by = serializers.IntegerField(allow_null=True)
    confirmed_by_username = serializers.CharField(allow_null=True)
    confirmed_at = serializers.DateTimeField()
    evidence = EvidenceRefSerializer(allow_null=True)


class GateItemSerializer(serializers.Serializer):
    gate_id = serializers.CharField()
    title_zh = serializers.CharField()
    title_en = serializers.CharField()
    description_zh = serializers.CharField(allow_null=True)
    description_en = serializers.CharField(allow_null=True)
    evidence_kinds = serializers.ListField(child=serializers.CharField())
    confidence = serializers.CharField()
    required_for = serializers.ListField(
        child=serializers.CharField(),
        help_text=("where the set uses it: prerequisites, level ids, scoring"),
    )
    state = serializers.ChoiceField(choices=GateConfirmation.State.choices)
    evidence = EvidenceRefSerializer(
        allow_null=True, help_text=("the evidence the latest decision cites")
    )
    comment = serializers.CharField(help_text="the latest decision's comment")
    candidate_evidence = EvidenceRefSerializer(
        many=True, help_text=("the report's evidence of the kinds this item asks for")
    )
    history = ConfirmationSerializer(many=True, help_text="every decision, oldest first")


class ChecklistEvaluationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    criteria_version = serializers.IntegerField()
    result = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Evaluation.Status.choices)
    level = serializers.CharField(allow_null=True)
    passed = serializers.BooleanField()
    potential_level = serializers.CharField(allow_null=True)
    provisional = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class ChecklistVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    sha256 = serializers.CharField()
    status = serializers.ChoiceField(choices=CriteriaVersion.Status.choices)


class ChecklistSetSerializer(serializers.Serializer):
    criteria_set = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    version = ChecklistVersionSerializer()
    first_period_year = serializers.IntegerField(allow_null=True)
    evaluation = ChecklistEvaluationSerializer(
        allow_null=True, help_text=("the newest evaluation of the report against this set")
    )
    gates = GateItemSerializer(many=True)


class ChecklistSummarySerializer(serializers.Serializer):
    required = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    pending = serializers.IntegerField()
    rejected = serializers.IntegerField()
    not_applicable = serializers.IntegerField()


class GateChecklistSerializer(serializers.Serializer):
    report = serializers.IntegerField()
    report_status = serializers.CharField()
    default_sets = serializers.BooleanField()
    summary = ChecklistSummarySerializer()
    ready_for_approval = serializers.BooleanField(
        help_text=("no required gate item is pending (approval refuses while one is)")
    )
    pending = serializers.ListField(child=serializers.CharField())
    sets = ChecklistSetSerializer(many=True)


@extend_schema_field(EvaluationSerializer(many=True))
class EvaluationListField(serializers.ListField):
    """Evaluations as summaries (for responses that carry several)."""

    def to_representation(self, data):
        return EvaluationSerializer(data, many=True).data
