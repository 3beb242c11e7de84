"""URL configuration: pages, the admin, the REST API under /api/v1/ and its schema."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from factory_eval.core.health import healthz

# Each app's API lives in its own api/ package; later apps add their line here.
API_V1 = [
    path("", include("factory_eval.organisations.api.urls")),
    path("", include("factory_eval.factors.api.urls")),
    path("", include("factory_eval.plants.api.urls")),
    path("", include("factory_eval.reporting.api.urls")),
    path("", include("factory_eval.accounting.api.urls")),
    path("", include("factory_eval.evaluation.api.urls")),
    path("", include("factory_eval.reviews.api.urls")),
    path("", include("factory_eval.subsidies.api.urls")),
    path("", include("factory_eval.benchmarks.api.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(API_V1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("", include("factory_eval.certificates.urls")),
    # Pages (the API above is the same service seen by programs).
    path("accounts/", include("factory_eval.web.account_urls")),
    path("", include("factory_eval.web.urls")),
    path("", include("factory_eval.plants.urls")),
    path("", include("factory_eval.reporting.urls")),
    path("", include("factory_eval.evaluation.urls")),
    path("", include("factory_eval.reviews.urls")),
]

handler400 = "factory_eval.core.api.exceptions.api_bad_request"
handler404 = "factory_eval.core.api.exceptions.api_page_not_found"
handler403 = "factory_eval.core.api.exceptions.api_permission_denied"
handler500 = "factory_eval.core.api.exceptions.api_server_error"
