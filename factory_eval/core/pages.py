"""What the pages share: sign-in for page and htmx requests, refusals shown as pages or as a
fragment, and the API's throttles applied to the same actions on the pages.

Views stay thin: they validate a form and call a service. A service that refuses raises
``DomainError`` (403, 409) or ``ProblemsError`` (400); ``refusals_as_pages`` turns both into
what the user sees, in their language, with the same status the API would answer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from rest_framework.throttling import ScopedRateThrottle

from factory_eval.core.errors import DomainError
from factory_eval.core.models import ImmutableRowError
from factory_eval.core.problems import ProblemsError


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False)) or request.headers.get("HX-Request") == "true"


def refusal(
    request: HttpRequest, message: str, status: int, problems: list[str] | None = None
) -> HttpResponse:
    """The refusal as a full page, or for htmx as an alert swapped into the page's flash area."""
    referer = request.headers.get("Referer", "")
    back_url = (
        referer
        if url_has_allowed_host_and_scheme(
            referer, {request.get_host()}, require_https=request.is_secure()
        )
        else ""
    )
    context = {
        "message": message,
        "problems": problems or [],
        "status": status,
        "back_url": back_url,
    }
    if is_htmx(request):
        response = render(request, "partials/refusal_alert.html", context, status=status)
        response["HX-Retarget"] = "#flash"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "refusal.html", context, status=status)


def problem_messages(error: ProblemsError) -> list[str]:
    return [problem.message for problem in error.problems]


def refusals_as_pages(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Show a service's refusal to the user instead of an error page (same status as the API)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ProblemsError as error:
            return refusal(
                request,
                _("The input was refused; nothing was saved."),
                400,
                problem_messages(error),
            )
        except DomainError as error:
            return refusal(request, error.message, error.status)
        except ImmutableRowError:
            return refusal(request, _("This record is a fact and cannot be changed."), 409)

    return wrapper


def login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Django's redirect to sign in; an htmx request is sent to the sign-in page as a whole."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = redirect_to_login(
                request.headers.get("HX-Current-URL") or request.get_full_path(), settings.LOGIN_URL
            )["Location"]
            return response
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)

    return wrapper


class _ThrottleScope:
    """Stands in for the DRF view whose ``throttle_scope`` the throttle reads."""

    def __init__(self, scope: str):
        self.throttle_scope = scope


def throttled(request: HttpRequest, scope: str) -> bool:
    """True when ``request`` exceeds the API's rate for ``scope`` (login, upload): pages and
    API count together, so switching between them gains nothing."""
    rates = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
    if not rates.get(scope):
        return False
    return not ScopedRateThrottle().allow_request(request, _ThrottleScope(scope))
