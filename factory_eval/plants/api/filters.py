import django_filters

from factory_eval.plants.models import Plant


class PlantFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(field_name="name_zh", lookup_expr="icontains")

    class Meta:
        model = Plant
        fields = [
            "organisation",
            "code",
            "province_code",
            "city",
            "district",
            "plant_type",
            "grid_region_zh",
            "name",
        ]
