"""Reviews: POST starts one on a computed report; approve or return closes it."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from factory_eval.core.api.prefetched import prefetch_lists
from factory_eval.evaluation.api.serializers import GateChecklistSerializer
from factory_eval.evaluation.checklist import gate_checklist
from factory_eval.organisations.api.permissions import ReviewerActs
from factory_eval.reporting.models import Evidence
from factory_eval.reporting.selectors import visible_reports
from factory_eval.reviews import gates, services
from factory_eval.reviews.api.serializers import (
    DecisionSerializer,
    GateDecisionInputSerializer,
    GateDecisionSerializer,
    ReviewSerializer,
)
from factory_eval.reviews.models import ApprovedEvaluation, Review
from factory_eval.reviews.selectors import visible_reviews


class ReviewFilter(django_filters.FilterSet):
    plant = django_filters.NumberFilter(field_name="report__plant")
    year = django_filters.NumberFilter(field_name="report__year")

    class Meta:
        model = Review
        fields = ["report", "plant", "year", "reviewer", "decision"]


class ReviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Four eyes: reviewers only, never on their own organisation's plants or their own
    submission; the reviewer who started a review decides it."""

    serializer_class = ReviewSerializer
    permission_classes = [ReviewerActs]
    filterset_class = ReviewFilter
    ordering_fields = ["started_at", "decided_at", "id"]

    def get_queryset(self):
        pinned = ApprovedEvaluation.objects.select_related(
            "criteria_set", "evaluation__criteria_version"
        ).defer(
            "evaluation__outcome",
            "evaluation__gate_states",
            "evaluation__earlier_results",
            "evaluation__criteria_version__document",
            "evaluation__criteria_version__source_text",
        )
        return (
            visible_reviews(self.request.user)
            .prefetch_related(*prefetch_lists("approved_evaluations", approved_evaluations=pinned))
            .order_by("id")
        )

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create":  # only reports the user sees can be named
            serializer.fields["report"].queryset = visible_reports(self.request.user)
        return serializer

    def perform_create(self, serializer):
        serializer.instance = services.start_review(
            serializer.validated_data["report"], actor=self.request.user
        )

    def _decide(self, request, decide, **extra):
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = decide(
            self.get_object(),
            actor=request.user,
            comments=serializer.validated_data.get("comments", ""),
            **extra,
        )
        return Response(
            ReviewSerializer(self.get_queryset().get(pk=review.pk)).data, status=status.HTTP_200_OK
        )

    @extend_schema(request=DecisionSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """In review -> approved (supersedes the revision it corrects); emails the submitter."""
        return self._decide(request, services.approve)

    @extend_schema(request=DecisionSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        """In review -> draft, with comments (required); emails the submitter."""
        return self._decide(request, services.return_with_comments)

    @extend_schema(methods=["GET"], request=None, responses=GateChecklistSerializer)
    @extend_schema(
        methods=["POST"],
        request=GateDecisionInputSerializer,
        responses={201: GateDecisionSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def gates(self, request, pk=None):
        """GET: the report's gate checklist. POST: the review's own reviewer confirms, rejects
        or marks not applicable one gate item (optionally citing a piece of the report's
        evidence; a comment is required for the last two); the report is re-evaluated."""
        review = self.get_object()
        if request.method == "GET":
            return Response(GateChecklistSerializer(gate_checklist(review.report)).data)
        serializer = GateDecisionInputSerializer(data=request.data)
        serializer.fields["evidence"].queryset = Evidence.objects.filter(report_id=review.report_id)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        decision = gates.decide_gate(
            review,
            actor=request.user,
            gate_id=data["gate_id"],
            state=data["state"],
            evidence=data.get("evidence"),
            comment=data.get("comment", ""),
        )
        body = {
            "confirmation": decision.confirmation,
            "evaluations": decision.assessment.evaluations,
        }
        return Response(GateDecisionSerializer(body).data, status=status.HTTP_201_CREATED)
