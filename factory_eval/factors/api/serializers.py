from rest_framework import serializers

from factory_eval.factors.models import FactorEdition, GridFactor


class FactorEditionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = FactorEdition
        fields = [
            "id",
            "kind",
            "label",
            "title_zh",
            "title_en",
            "publisher",
            "source",
            "files",
            "sha256",
            "note",
            "loaded_at",
        ]


class GridFactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = GridFactor
        fields = [
            "id",
            "edition",
            "data_year",
            "level",
            "area_zh",
            "area_en",
            "kgco2_per_kwh",
            "notice",
            "published",
            "source_url",
        ]
