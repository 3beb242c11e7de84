"""Organisations, users and memberships (administrators write) and logging in."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib.auth import authenticate, get_user_model, login, logout
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from factory_eval.organisations import services
from factory_eval.organisations.access import access_for
from factory_eval.organisations.api import serializers
from factory_eval.organisations.api.filters import MembershipFilter, OrganisationFilter
from factory_eval.organisations.api.permissions import AdministratorWrites, IsAdministrator
from factory_eval.organisations.errors import LoginError
from factory_eval.organisations.login_guard import is_locked_out
from factory_eval.organisations.selectors import visible_memberships, visible_organisations


class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations the user may see; administrators create and edit them."""

    serializer_class = serializers.OrganisationSerializer
    permission_classes = [AdministratorWrites]
    filterset_class = OrganisationFilter
    ordering_fields = ["name_zh", "created_at", "id"]

    def get_queryset(self):
        return visible_organisations(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.organisation_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.organisation_update(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """User accounts (administrators only); passwords must pass the password validators."""

    serializer_class = serializers.UserSerializer
    permission_classes = [IsAdministrator]
    queryset = get_user_model().objects.order_by("id")
    ordering_fields = ["username", "id"]
    filterset_fields = ["username", "email"]

    def perform_create(self, serializer):
        serializer.instance = services.user_create(
            actor=self.request.user, **serializer.validated_data
        )


class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Roles of users in organisations: your own, or all for administrators (who write)."""

    serializer_class = serializers.MembershipSerializer
    permission_classes = [AdministratorWrites]
    filterset_class = MembershipFilter
    ordering_fields = ["id", "role", "created_at"]

    def get_queryset(self):
        return visible_memberships(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.membership_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.membership_delete(instance, actor=self.request.user)


def _authenticated_user(request, data):
    username, password = data["username"], data["password"]
    if is_locked_out(username, request._request):
        from django.conf import settings

        raise LoginError(
            "locked_out",
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            minutes=max(1, settings.LOGIN_LOCKOUT_SECONDS // 60),
        )
    user = authenticate(request._request, username=username, password=password)
    if user is None:
        raise LoginError("invalid_credentials")
    return user


class _LoginBase(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"


class TokenLoginView(_LoginBase):
    """Exchange a user name and password for an API token (throttled, locks out)."""

    @extend_schema(
        request=serializers.LoginSerializer,
        responses={200: {"type": "object", "properties": {"token": {"type": "string"}}}},
    )
    def post(self, request):
        serializer = serializers.LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = _authenticated_user(request, serializer.validated_data)
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


@method_decorator(csrf_protect, name="post")
@method_decorator(ensure_csrf_cookie, name="get")
class SessionLoginView(_LoginBase):
    """Session login for the browser (CSRF-protected: GET first sets the CSRF cookie)."""

    @extend_schema(responses={204: None})
    def get(self, request):
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=serializers.LoginSerializer, responses={204: None})
    def post(self, request):
        serializer = serializers.LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = _authenticated_user(request, serializer.validated_data)
        login(request._request, user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """Who you are, your memberships and what they grant."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=serializers.MeSerializer)
    def get(self, request):
        access = access_for(request.user)
        data = {
            "id": request.user.pk,
            "username": request.user.get_username(),
            "email": request.user.email,
            "memberships": request.user.memberships.all(),
            "grants": {
                "is_admin": access.is_admin,
                "is_reviewer": access.is_reviewer,
                "managed_organisation_ids": sorted(access.managed_organisation_ids),
                "member_organisation_ids": sorted(access.member_organisation_ids),
                "jurisdictions": [asdict(item) for item in access.jurisdictions],
            },
        }
        return Response(serializers.MeSerializer(data).data)


class PasswordChangeView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=serializers.PasswordChangeSerializer, responses={204: None})
    def post(self, request):
        serializer = serializers.PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_change(request.user, **serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)
