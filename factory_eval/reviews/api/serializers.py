from rest_framework import serializers

from factory_eval.core.api.prefetched import PrefetchedList
from factory_eval.evaluation.api.serializers import EvaluationSerializer
from factory_eval.evaluation.models import GateConfirmation
from factory_eval.reporting.models import EnergyReport, Evidence
from factory_eval.reviews.gates import DECISIONS
from factory_eval.reviews.models import ApprovedEvaluation, Review


class ApprovedEvaluationSerializer(serializers.ModelSerializer):
    """An evaluation the approval rests on (what a certificate is issued from)."""

    criteria_set = serializers.CharField(source="criteria_set.slug", read_only=True)
    criteria_version = serializers.IntegerField(
        source="evaluation.criteria_version_id", read_only=True
    )
    version_number = serializers.IntegerField(
        source="evaluation.criteria_version.number", read_only=True
    )
    sha256 = serializers.CharField(source="evaluation.criteria_version.sha256", read_only=True)
    result = serializers.IntegerField(source="evaluation.result_id", read_only=True)
    status = serializers.CharField(source="evaluation.status", read_only=True)
    level = serializers.SerializerMethodField()
    passed = serializers.BooleanField(source="evaluation.passed", read_only=True)
    score = serializers.FloatField(source="evaluation.score", read_only=True, allow_null=True)
    provisional = serializers.BooleanField(source="evaluation.provisional", read_only=True)

    class Meta:
        list_serializer_class = PrefetchedList
        model = ApprovedEvaluation
        fields = [
            "evaluation",
            "criteria_set",
            "criteria_version",
            "version_number",
            "sha256",
            "result",
            "status",
            "level",
            "passed",
            "score",
            "provisional",
            "pinned_at",
        ]
        read_only_fields = fields

    def get_level(self, row: ApprovedEvaluation) -> str | None:
        return row.evaluation.level or None


class ReviewSerializer(serializers.ModelSerializer):
    report = serializers.PrimaryKeyRelatedField(queryset=EnergyReport.objects.none())
    reviewer_username = serializers.CharField(source="reviewer.username", read_only=True)
    report_status = serializers.CharField(source="report.status", read_only=True)
    approved_evaluations = ApprovedEvaluationSerializer(
        many=True,
        read_only=True,
        help_text=("the evaluations pinned at approval, one per criteria set"),
    )

    class Meta:
        model = Review
        fields = [
            "id",
            "report",
            "report_status",
            "result",
            "reviewer",
            "reviewer_username",
            "decision",
            "comments",
            "started_at",
            "decided_at",
            "approved_evaluations",
        ]
        read_only_fields = [
            "id",
            "result",
            "reviewer",
            "decision",
            "comments",
            "started_at",
            "decided_at",
            "approved_evaluations",
        ]


class DecisionSerializer(serializers.Serializer):
    comments = serializers.CharField(required=False, allow_blank=True, max_length=10_000)


class GateDecisionInputSerializer(serializers.Serializer):
    gate_id = serializers.CharField(max_length=60)
    state = serializers.ChoiceField(choices=list(DECISIONS))
    evidence = serializers.PrimaryKeyRelatedField(
        queryset=Evidence.objects.none(),
        required=False,
        allow_null=True,
        help_text="a piece of this report's evidence the decision rests on",
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10_000,
        help_text="required when rejecting or not applicable",
    )


class GateConfirmationSerializer(serializers.ModelSerializer):
    confirmed_by_username = serializers.CharField(
        source="confirmed_by.username", read_only=True, default=None
    )

    class Meta:
        model = GateConfirmation
        fields = [
            "id",
            "report",
            "gate_id",
            "state",
            "evidence",
            "comment",
            "confirmed_by",
            "confirmed_by_username",
            "confirmed_at",
        ]
        read_only_fields = fields


class GateDecisionSerializer(serializers.Serializer):
    confirmation = GateConfirmationSerializer()
    evaluations = EvaluationSerializer(
        many=True,
        help_text=("the report re-evaluated with the new gate states, one per criteria set"),
    )
