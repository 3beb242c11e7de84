"""One error format for every API response, in the language of ``Accept-Language``.

    {"status": 400, "code": "invalid", "message": "...", "request_id": "...",
     "problems": [{"code": "required", "field": "instruments.0.quantity", "row": null,
                   "message": "..."}]}

``problems`` always lists at least one entry; ``field`` is a dotted path into the request
body (or the spreadsheet column), ``row`` the spreadsheet row for intake problems.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from factory_eval.core.errors import DomainError
from factory_eval.core.models import ImmutableRowError
from factory_eval.core.problems import ProblemsError
from factory_eval.core.request_context import get_request_id

API_PREFIX = "/api/"


def _problem(
    code: str, message: str, field: str | None = None, row: int | None = None
) -> dict[str, Any]:
    return {"code": code, "field": field, "row": row, "message": str(message)}


def _flatten(detail: Any, path: str = "") -> list[dict[str, Any]]:
    """DRF's nested ``{field: [ErrorDetail]}`` as a flat list with dotted field paths."""
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "detail") else str(key)
            found += _flatten(value, f"{path}.{name}" if path and name else path or name)
        return found
    if isinstance(detail, list):
        if all(isinstance(item, (dict, list)) for item in detail):
            found = []
            for index, item in enumerate(detail):
                found += _flatten(item, f"{path}.{index}" if path else str(index))
            return found
        found = []
        for item in detail:
            found += _flatten(item, path)
        return found
    code = getattr(detail, "code", None) or "invalid"
    return [_problem(code, str(detail), path or None)]


def body(
    status_code: int, code: str, message: str, problems: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "status": status_code,
        "code": code,
        "message": str(message),
        "problems": problems or [_problem(code, message)],
        "request_id": get_request_id(),
    }


def _convert(exc: Exception) -> tuple[int, dict[str, Any], dict[str, str]] | None:
    if isinstance(exc, ProblemsError):
        problems = [problem.as_dict() for problem in exc.problems]
        return (
            400,
            body(400, "invalid", _("The input was refused; nothing was saved."), problems),
            {},
        )
    if isinstance(exc, DomainError):
        return (
            exc.status,
            body(exc.status, exc.code, exc.message, [_problem(exc.code, exc.message, exc.field)]),
            {},
        )
    if isinstance(exc, DjangoValidationError):
        problems = _flatten(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        return (
            400,
            body(400, "invalid", _("The input was refused; nothing was saved."), problems),
            {},
        )
    if isinstance(exc, RequestDataTooBig):
        message = _("The request is too large.")
        return 413, body(413, "request_too_large", message), {}
    if isinstance(exc, OverflowError):  # an id or number beyond what the database stores
        message = _("A number in the request is out of range.")
        return 400, body(400, "invalid", message, [_problem("out_of_range", message)]), {}
    if isinstance(exc, SuspiciousOperation):  # too many form fields, a forged file name...
        return 400, body(400, "bad_request", _("The request is malformed.")), {}
    if isinstance(exc, ImmutableRowError):
        message = _("This record is a fact and cannot be changed.")
        return 409, body(409, "immutable", message), {}
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(int(exc.wait))
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.ValidationError):
        problems = _flatten(exc.detail)
        return (
            exc.status_code,
            body(
                exc.status_code, "invalid", _("The input was refused; nothing was saved."), problems
            ),
            headers,
        )
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    return exc.status_code, body(exc.status_code, str(code), str(exc.detail)), headers


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's ``EXCEPTION_HANDLER``: every refusal in the one format."""
    converted = _convert(exc)
    if converted is None:
        return drf_exception_handler(exc, context)
    status_code, data, headers = converted
    set_rollback()
    return Response(data, status=status_code, headers=headers)


def api_page_not_found(request, exception):
    """``handler404``: JSON under /api/ (an unknown URL), Django's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        data = body(404, "not_found", exceptions.NotFound.default_detail)
        return JsonResponse(data, status=404)
    return defaults.page_not_found(request, exception)


def api_bad_request(request, exception):
    """``handler400``: a malformed request refused before any API view ran (Django's
    SuspiciousOperation: a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a bad Host header)."""
    if request.path.startswith(API_PREFIX):
        converted = _convert(exception)
        status_code, data = (
            (converted[0], converted[1])
            if converted
            else (400, body(400, "bad_request", _("The request is malformed.")))
        )
        return JsonResponse(data, status=status_code)
    return defaults.bad_request(request, exception)


def csrf_failure(request, reason: str = ""):
    """``CSRF_FAILURE_VIEW``: views protected by Django's own CSRF check (the session login)
    refuse in the one error format under /api/, with Django's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        message = f"CSRF Failed: {reason}" if reason else "CSRF Failed"
        return JsonResponse(body(403, "permission_denied", message), status=403)
    from django.views.csrf import csrf_failure as page

    return page(request, reason=reason)


def api_permission_denied(request, exception):
    if request.path.startswith(API_PREFIX):
        data = body(403, "permission_denied", exceptions.PermissionDenied.default_detail)
        return JsonResponse(data, status=403)
    return defaults.permission_denied(request, exception)


def api_server_error(request):
    if request.path.startswith(API_PREFIX):
        data = body(500, "server_error", _("Server error; quote the request id when reporting it."))
        return JsonResponse(data, status=500)
    return defaults.server_error(request)
