"""Sign in and sign out: Django's auth views, with the API's throttles and lockout.

Every sign-in goes through ``authenticate``, so ``organisations.login_guard`` (the lockout per
user name and address) applies here as it does to the API and the admin. The page also counts
against the API's per-address ``login`` rate, so the two cannot be alternated to gain tries.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _

from factory_eval.core.pages import throttled
from factory_eval.organisations.errors import LoginError
from factory_eval.organisations.login_guard import is_locked_out


class SignInForm(AuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username")
        if username and is_locked_out(username, self.request):
            raise ValidationError(
                LoginError(
                    "locked_out", minutes=max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
                ).message,
                code="locked_out",
            )
        return super().clean()


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(failure_limit=settings.LOGIN_FAILURE_LIMIT, **kwargs)

    def post(self, request, *args, **kwargs):
        if throttled(request, "login"):
            form = self.get_form()
            form._errors, form.cleaned_data = ErrorDict(), {}  # refused before any check
            form.add_error(
                None, _("Too many sign-in attempts from your address; wait a minute and try again.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        response = super().post(request, *args, **kwargs)
        form = getattr(response, "context_data", {}).get("form")
        if form is not None and form.has_error("__all__", "locked_out"):
            response.status_code = 429
        return response


class SignOutView(auth_views.LogoutView):
    pass
