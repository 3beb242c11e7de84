from rest_framework import serializers

from factory_eval.organisations.models import Organisation
from factory_eval.plants.models import Plant


class PlantSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    province = serializers.CharField(
        write_only=True, max_length=40, help_text="GB/T 2260 code or name, e.g. 32 or 江苏"
    )

    class Meta:
        model = Plant
        fields = [
            "id",
            "code",
            "name_zh",
            "name_en",
            "organisation",
            "province",
            "province_code",
            "city",
            "district",
            "grid_region_zh",
            "plant_type",
            "output_unit",
            "annual_capacity",
            "created_at",
        ]
        read_only_fields = ["id", "province_code", "grid_region_zh", "created_at"]


class PlantUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plant
        fields = [
            "name_zh",
            "name_en",
            "city",
            "district",
            "plant_type",
            "output_unit",
            "annual_capacity",
        ]
