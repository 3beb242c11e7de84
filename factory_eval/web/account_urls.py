"""Sign in and sign out (names ``login`` and ``logout``, as Django's settings expect)."""

from django.urls import path

from factory_eval.web.accounts import SignInView, SignOutView

urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", SignOutView.as_view(), name="logout"),
]
