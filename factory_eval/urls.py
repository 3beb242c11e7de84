"""URL configuration: pages, the admin, the REST API under /api/v1/ and its schema."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("factory_eval.certificates.urls")),
]
