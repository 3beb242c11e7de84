"""Subsidies in the admin. Programme versions are facts: administrators add one (through the
same service as the API), never edit one. Awards are recorded and annulled through the API or
the pages, so the eligibility checks and the audit trail always run; here they are read-only.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from factory_eval.core.admin import ReadOnlyAdmin
from factory_eval.core.problems import ProblemsError
from factory_eval.subsidies import services
from factory_eval.subsidies.models import Award, Programme, ProgrammeVersion


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("code", "created_at")
    search_fields = ("code",)


class VersionForm(forms.ModelForm):
    """A new version, named by programme code (a new code starts a new programme)."""

    code = forms.SlugField(max_length=80)
    province = forms.CharField(max_length=40, help_text="GB/T 2260 code or name")
    accepted = forms.JSONField(
        required=False,
        initial=list,
        help_text='[{"criteria": "suzhou-near-zero-2023", "level": "near_zero", '
        '"confidence": "unverified", "note": "..."}]',
    )

    class Meta:
        model = ProgrammeVersion
        fields = (
            "policy_name",
            "city",
            "district",
            "issued",
            "in_force_from",
            "in_force_until",
            "recognition_required",
            "recognition_note",
            "recognition_note_zh",
            "max_award_cny",
            "source",
            "confidence",
            "reason",
        )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean(self):
        data = super().clean()
        values = {
            name: data.get(name)
            for name in (
                "code",
                "policy_name",
                "province",
                "city",
                "district",
                "issued",
                "in_force_from",
                "in_force_until",
                "recognition_required",
                "max_award_cny",
                "source",
                "confidence",
            )
        }
        try:
            self.loaded = services.add_programme_version(
                values,
                data.get("accepted") or [],
                reason=data.get("reason") or "",
                recognition_note=data.get("recognition_note") or "",
                recognition_note_zh=data.get("recognition_note_zh") or "",
                actor=self.actor,
            )
        except ProblemsError as error:
            raise ValidationError([problem.message for problem in error.problems]) from error
        return data


@admin.register(ProgrammeVersion)
class ProgrammeVersionAdmin(ReadOnlyAdmin):
    list_display = (
        "programme",
        "number",
        "policy_name",
        "province_code",
        "city",
        "district",
        "max_award_cny",
        "in_force_from",
        "in_force_until",
        "confidence",
        "created_at",
    )
    list_filter = ("province_code", "confidence", "dates_basis")
    search_fields = ("programme__code", "policy_name")
    form = VersionForm

    def has_add_permission(self, request):
        from factory_eval.organisations.access import access_for

        return access_for(request.user).is_admin

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class BoundForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, actor=request.user, **inner)

        return BoundForm

    def save_model(self, request, obj, form, change):
        """The service stored the version while the form was validated (and audit logged)."""
        stored = form.loaded.version
        for field in ProgrammeVersion._meta.concrete_fields:
            setattr(obj, field.attname, getattr(stored, field.attname))
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        pass


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = (
        "programme",
        "plant",
        "certificate",
        "amount_cny",
        "decided_on",
        "reference",
        "recorded_by",
        "annulled_at",
    )
    list_filter = ("programme", "decided_on")
    search_fields = ("plant__code", "plant__name_zh", "reference", "certificate__serial")
