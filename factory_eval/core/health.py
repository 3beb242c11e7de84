"""``/healthz``: is the database answering, and is the broker reachable?

Used by load balancers, docker-compose and systemd watchdogs; returns 503 with the failing
check named, so an operator sees at once which service is down.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _broker() -> str:
    if not settings.REDIS_URL:
        return "in-process"  # the embedded default: tasks run inside this process
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    return "ok"


def healthz(request):
    checks: dict[str, str] = {}
    healthy = True
    for name, check in (("database", _database), ("broker", _broker)):
        started = time.perf_counter()
        try:
            checks[name] = check()
        except Exception as error:  # any failure means unhealthy; say which and why
            healthy = False
            checks[name] = f"error: {type(error).__name__}: {str(error)[:200]}"
        checks[f"{name}_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
