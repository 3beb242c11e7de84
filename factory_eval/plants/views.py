"""Registering a plant on the page (the plant's reports are shown by reporting's pages)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from factory_eval.core.errors import NotAllowedError
from factory_eval.core.pages import login_required, refusals_as_pages
from factory_eval.core.templatetags.ui import english
from factory_eval.factors.selectors import province_directory
from factory_eval.organisations.access import access_for, ensure_manages
from factory_eval.organisations.selectors import managed_organisations
from factory_eval.plants.models import Plant
from factory_eval.plants.services import plant_create


class PlantForm(forms.ModelForm):
    """The plant's own fields; the grid region is derived by the service, never typed."""

    organisation = forms.ModelChoiceField(queryset=None, label=gettext_lazy("organisation"))
    province = forms.ChoiceField(label=gettext_lazy("province"))

    class Meta:
        model = Plant
        fields = [
            "code",
            "name_zh",
            "name_en",
            "city",
            "district",
            "plant_type",
            "output_unit",
            "annual_capacity",
        ]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        provinces = sorted(province_directory().by_code.values(), key=lambda item: item.code)
        self.fields["province"].choices = [("", "—")] + [
            (item.code, item.name_en if english() else item.name_zh) for item in provinces
        ]
        self.fields["output_unit"].required = False
        self.order_fields(
            [
                "organisation",
                "code",
                "name_zh",
                "name_en",
                "province",
                "city",
                "district",
                "plant_type",
                "output_unit",
                "annual_capacity",
            ]
        )


@require_http_methods(["GET", "POST"])
@login_required
@refusals_as_pages
def plant_new(request: HttpRequest) -> HttpResponse:
    if not access_for(request.user).may_write_reports:
        raise NotAllowedError("read_only")
    form = PlantForm(request.POST or None, organisations=managed_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        ensure_manages(request.user, organisation.pk)
        try:
            plant = plant_create(
                organisation=organisation, province=data.pop("province"), actor=request.user, **data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _(
                    "Plant %(code)s registered in the %(region)s grid "
                    "region. Its first report follows."
                )
                % {"code": plant.code, "region": plant.grid_region_zh},
            )
            return redirect(reverse("reporting:report-new") + f"?plant={plant.pk}")
    return render(
        request, "plants/plant_new.html", {"form": form}, status=400 if form.is_bound else 200
    )
