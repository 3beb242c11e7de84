"""Filters for organisations and memberships."""

import django_filters

from factory_eval.organisations.models import Membership, Organisation


class OrganisationFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(field_name="name_zh", lookup_expr="icontains")

    class Meta:
        model = Organisation
        fields = ["kind", "name"]


class MembershipFilter(django_filters.FilterSet):
    class Meta:
        model = Membership
        fields = ["user", "organisation", "role", "province_code"]
