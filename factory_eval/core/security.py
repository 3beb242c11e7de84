"""Security headers Django 5.2 does not send by itself: Content-Security-Policy and
Permissions-Policy; and a deploy check that login counters are shared between processes.

The policy allows nothing but this site's own scripts (no inline script, no eval), styles
(inline styles too: the admin and htmx set some), images and fonts (and data: URLs),
forms posting here, and no framing. The API docs are the one exception: Swagger UI and Redoc
load from their CDN (drf-spectacular's defaults), so their two pages get that host added.
Both policies can be replaced from the environment (CONTENT_SECURITY_POLICY,
CONTENT_SECURITY_POLICY_API_DOCS).
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        docs = request.path.startswith(tuple(settings.CONTENT_SECURITY_POLICY_API_DOCS_PATHS))
        policy = (
            settings.CONTENT_SECURITY_POLICY_API_DOCS if docs else settings.CONTENT_SECURITY_POLICY
        )
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


@checks.register(checks.Tags.security, deploy=True)
def shared_login_counters(app_configs, **kwargs):
    """Login lockouts and throttles count in the cache: a per-process cache lets an attacker
    multiply the allowed attempts by the number of server processes."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            checks.Warning(
                "The default cache is per process, so login lockouts and throttles are counted "
                "per gunicorn worker.",
                hint="Set CACHE_URL to a shared cache, for example "
                "redis://127.0.0.1:6379/1 (docs/deploy.md).",
                id="factory_eval.W001",
            )
        ]
    return []
