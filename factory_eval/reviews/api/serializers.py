from rest_framework import serializers

from factory_eval.reporting.models import EnergyReport
from factory_eval.reviews.models import Review


class ReviewSerializer(serializers.ModelSerializer):
    report = serializers.PrimaryKeyRelatedField(queryset=EnergyReport.objects.none())
    reviewer_username = serializers.CharField(source="reviewer.username", read_only=True)
    report_status = serializers.CharField(source="report.status", read_only=True)

    class Meta:
        model = Review
        fields = ["id", "report", "report_status", "result", "reviewer", "reviewer_username",
                  "decision", "comments", "started_at", "decided_at"]
        read_only_fields = ["id", "result", "reviewer", "decision", "comments", "started_at",
                            "decided_at"]


class DecisionSerializer(serializers.Serializer):
    comments = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
