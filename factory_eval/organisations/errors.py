"""Refused logins."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from factory_eval.core.errors import DomainError


class LoginError(DomainError):
    status = 400
    messages = {
        "invalid_credentials": _("wrong user name or password"),
        "locked_out": _("too many failed logins: try again in %(minutes)s minutes"),
        "inactive": _("this account is disabled"),
    }
