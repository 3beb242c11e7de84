"""Organisations, users and memberships in the admin, the administrators' tool.

Every write goes through ``organisations.services`` (or is audited beside Django's own user
forms), so a change made here appears in the audit trail like one made over the API.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction

from factory_eval.organisations import services
from factory_eval.organisations.models import Membership, Organisation

MEMBERSHIP_EDITABLE = ("user", "organisation", "role", "province_code", "city", "district")


def _save_membership(membership: Membership, changed: list[str], actor) -> None:
    if membership.pk is None:
        services.membership_create(
            user=membership.user,
            organisation=membership.organisation,
            role=membership.role,
            province_code=membership.province_code,
            city=membership.city,
            district=membership.district,
            actor=actor,
        )
    elif changed:
        services.membership_update(
            membership,
            actor=actor,
            **{name: getattr(membership, name) for name in changed if name in MEMBERSHIP_EDITABLE},
        )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "kind", "credit_code")
    list_filter = ("kind",)
    search_fields = ("name_zh", "name_en", "credit_code")

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in services.ORGANISATION_FIELDS
            if name in form.cleaned_data
        }
        if change:
            stored = Organisation.objects.get(pk=obj.pk)
            updated = services.organisation_update(stored, actor=request.user, **fields)
        else:
            updated = services.organisation_create(actor=request.user, **fields)
        obj.pk = updated.pk

    def has_delete_permission(self, request, obj=None):
        return False  # organisations own plants and reports, which are kept


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "organisation",
        "role",
        "province_code",
        "city",
        "district",
        "created_at",
    )
    list_filter = ("role", "organisation__kind", "province_code")
    search_fields = (
        "user__username",
        "user__email",
        "organisation__name_zh",
        "organisation__name_en",
    )
    list_select_related = ("user", "organisation")
    autocomplete_fields = ("user", "organisation")

    def save_model(self, request, obj, form, change):
        _save_membership(obj, form.changed_data if change else [], request.user)
        if not change:
            obj.pk = Membership.objects.get(
                user=obj.user, organisation=obj.organisation, role=obj.role
            ).pk

    def delete_model(self, request, obj):
        services.membership_delete(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for membership in queryset:
                services.membership_delete(membership, actor=request.user)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ("organisation", "role", "province_code", "city", "district")
    autocomplete_fields = ("organisation",)


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin with the user's memberships inline; every save is audited."""

    inlines = [MembershipInline]
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
    )

    def save_model(self, request, obj, form, change):
        before = services.user_snapshot(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        services.record_user_saved(obj, actor=request.user, created=not change, before=before)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for membership in formset.deleted_objects:
            services.membership_delete(membership, actor=request.user)
        changed = {
            id(item): item_form.changed_data
            for item_form in formset.forms
            if (item := item_form.instance) is not None
        }
        for membership in instances:
            membership.user = form.instance
            _save_membership(membership, changed.get(id(membership), []), request.user)
        return None
