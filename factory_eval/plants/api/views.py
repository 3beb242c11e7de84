"""Plants: read what you may see; plant managers register and edit their own."""

from __future__ import annotations

from rest_framework import mixins, viewsets

from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.organisations.access import ensure_manages
from factory_eval.organisations.api.permissions import ManagerWrites
from factory_eval.plants import services
from factory_eval.plants.api.filters import PlantFilter
from factory_eval.plants.api.serializers import PlantSerializer, PlantUpdateSerializer
from factory_eval.plants.selectors import visible_plants


class PlantViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ManagerWrites]
    filterset_class = PlantFilter
    ordering_fields = ["code", "name_zh", "province_code", "created_at"]

    def get_queryset(self):
        return visible_plants(self.request.user)

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return PlantUpdateSerializer
        return PlantSerializer

    @staticmethod
    def organisation_id_of(plant) -> int:
        return plant.organisation_id

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        ensure_manages(self.request.user, data["organisation"].pk)
        try:
            serializer.instance = services.plant_create(actor=self.request.user, **data)
        except services.UnknownProvinceError as error:
            raise ProblemsError(
                [Problem("unknown_province", "province", params={"value": str(error)})]
            ) from error

    def perform_update(self, serializer):
        serializer.instance = services.plant_update(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response.data = PlantSerializer(self.get_object()).data
        return response
