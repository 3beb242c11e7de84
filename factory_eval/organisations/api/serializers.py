"""Organisations, users, memberships and logins over the API."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers

from factory_eval.organisations.models import Membership, Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name_zh", "name_en", "kind", "credit_code", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators = []  # uniqueness is checked by the service's full_clean


class UserSerializer(serializers.ModelSerializer):
    password = serializers.CharField(write_only=True, style={"input_type": "password"})

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "email", "first_name", "last_name", "password"]
        read_only_fields = ["id"]
        extra_kwargs = {"username": {"validators": []}}


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())

    class Meta:
        model = Membership
        fields = [
            "id",
            "user",
            "organisation",
            "role",
            "province_code",
            "city",
            "district",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]
        validators = []


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=4096, style={"input_type": "password"}, trim_whitespace=False
    )


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(trim_whitespace=False)
    new_password = serializers.CharField(trim_whitespace=False)


class GrantsSerializer(serializers.Serializer):
    is_admin = serializers.BooleanField()
    is_reviewer = serializers.BooleanField()
    managed_organisation_ids = serializers.ListField(child=serializers.IntegerField())
    member_organisation_ids = serializers.ListField(child=serializers.IntegerField())
    jurisdictions = serializers.ListField(child=serializers.DictField())


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.CharField()
    memberships = MembershipSerializer(many=True)
    grants = GrantsSerializer()
