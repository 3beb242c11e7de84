"""Writing plants. The grid region is derived here, never typed in."""

from __future__ import annotations

from django.db import transaction

from factory_eval.audit.services import record_event
from factory_eval.core.problems import ProblemsError
from factory_eval.core.text import normalise, text_problems
from factory_eval.factors.provinces import ProvinceDirectory
from factory_eval.factors.selectors import province_directory
from factory_eval.organisations.models import Organisation
from factory_eval.plants.models import Plant

TEXT_FIELDS = ("code", "name_zh", "name_en", "city", "district", "output_unit")
PLANT_FIELDS = (
    "code",
    "name_zh",
    "name_en",
    "province_code",
    "city",
    "district",
    "grid_region_zh",
    "plant_type",
    "output_unit",
    "annual_capacity",
)


class UnknownProvinceError(ValueError):
    pass


def _checked_text(values: dict) -> dict:
    """Refuse invisible, control and formula-like text; NFC-normalise the rest."""
    problems = text_problems(values, codes=TEXT_FIELDS)
    if problems:
        raise ProblemsError(problems)
    return {
        name: normalise(value) if name in TEXT_FIELDS and isinstance(value, str) else value
        for name, value in values.items()
    }


def plant_snapshot(plant: Plant) -> dict:
    return {name: getattr(plant, name) for name in PLANT_FIELDS} | {
        "organisation_id": plant.organisation_id
    }


@transaction.atomic
def plant_create(
    *,
    organisation: Organisation,
    code: str,
    name_zh: str,
    province: str,
    city: str = "",
    district: str = "",
    name_en: str = "",
    plant_type: str = Plant.PlantType.VEHICLE,
    output_unit: str = "",
    annual_capacity: int | None = None,
    actor=None,
    directory: ProvinceDirectory | None = None,
) -> Plant:
    text = _checked_text(
        {
            "code": code,
            "name_zh": name_zh,
            "name_en": name_en,
            "city": city,
            "district": district,
            "output_unit": output_unit,
        }
    )
    code, name_zh, name_en = text["code"], text["name_zh"], text["name_en"]
    city, district, output_unit = text["city"], text["district"], text["output_unit"]
    directory = directory or province_directory()
    found = directory.find(province)
    if found is None:
        raise UnknownProvinceError(province)
    plant = Plant(
        organisation=organisation,
        code=code,
        name_zh=name_zh,
        name_en=name_en,
        province_code=found.code,
        city=city,
        district=district,
        grid_region_zh=directory.grid_region(found, city)[0],
        plant_type=plant_type,
        output_unit=output_unit or ("辆" if plant_type == Plant.PlantType.VEHICLE else "件"),
        annual_capacity=annual_capacity,
    )
    plant.full_clean()
    plant.save()
    record_event(
        "plants.created", plant, actor=actor, after=plant_snapshot(plant), plant_id=plant.pk
    )
    return plant


UPDATABLE = (
    "name_zh",
    "name_en",
    "city",
    "district",
    "plant_type",
    "output_unit",
    "annual_capacity",
)


@transaction.atomic
def plant_update(
    plant: Plant, *, actor=None, directory: ProvinceDirectory | None = None, **fields
) -> Plant:
    """Change a plant's descriptive fields; the grid region follows a change of city."""
    plant = Plant.objects.select_for_update().get(pk=plant.pk)
    before = plant_snapshot(plant)
    fields = _checked_text(fields)
    for name, value in fields.items():
        if name not in UPDATABLE:
            raise ValueError(f"{name} cannot be changed")
        setattr(plant, name, value.strip() if isinstance(value, str) else value)
    if "city" in fields:
        directory = directory or province_directory()
        province = directory.by_code.get(plant.province_code)
        if province is not None:
            plant.grid_region_zh = directory.grid_region(province, plant.city)[0]
    plant.full_clean()
    plant.save()
    record_event(
        "plants.updated",
        plant,
        actor=actor,
        before=before,
        after=plant_snapshot(plant),
        plant_id=plant.pk,
    )
    return plant
