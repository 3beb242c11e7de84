from django.urls import path
from rest_framework.routers import SimpleRouter

from factory_eval.organisations.api import views

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("users", views.UserViewSet, basename="user")
router.register("memberships", views.MembershipViewSet, basename="membership")

urlpatterns = [
    path("auth/token/", views.TokenLoginView.as_view(), name="auth-token"),
    path("auth/login/", views.SessionLoginView.as_view(), name="auth-login"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/me/", views.MeView.as_view(), name="auth-me"),
    path("auth/password/", views.PasswordChangeView.as_view(), name="auth-password"),
    *router.urls,
]
