"""Login throttling: a short lockout after repeated failures, for every way of logging in.

Why not django-axes: it would add models, middleware and its own settings for what is here a
counter in the cache; this backend covers the admin, the session login and the token endpoint
alike (they all go through ``django.contrib.auth.authenticate``), and the API adds a per-IP DRF
throttle on top. Failures are counted per (username, client address), so an attacker cannot
lock a user out from everywhere. Use a shared cache (CACHE_URL=redis://...) when several
processes serve requests, or each process counts on its own.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver


def _limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def _seconds() -> int:
    return getattr(settings, "LOGIN_LOCKOUT_SECONDS", 15 * 60)


def client_address(request) -> str:
    return (getattr(request, "META", None) or {}).get("REMOTE_ADDR", "") if request else ""


def _key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{(username or '').strip().lower()}|{address}".encode()).hexdigest()
    return f"login-failures:{digest}"


def is_locked_out(username: str, request) -> bool:
    return cache.get(_key(username, client_address(request)), 0) >= _limit()


def record_failure(username: str, request) -> int:
    key = _key(username, client_address(request))
    cache.add(key, 0, _seconds())
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, _seconds())
        count = 1
    return count


def clear_failures(username: str, request) -> None:
    cache.delete(_key(username, client_address(request)))


class LockoutModelBackend(ModelBackend):
    """Django's model backend that refuses to check passwords while a lockout runs."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        name = username if username is not None else kwargs.get("username")
        if name is not None and is_locked_out(name, request):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs) -> None:
    username = credentials.get("username")
    if username:
        record_failure(username, request)


@receiver(user_logged_in)
def _reset_failures(sender, request, user, **kwargs) -> None:
    clear_failures(user.get_username(), request)
