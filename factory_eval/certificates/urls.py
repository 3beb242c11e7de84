"""Public certificate routes: verification page and API, published keys (all without login)."""

from django.urls import path

from factory_eval.certificates import views
from factory_eval.certificates.api import views as api_views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_lookup, name="verify-lookup"),
    path("verify/<str:serial>/", views.verify, name="verify"),
    path("certificates/signing-keys.pem", views.public_keys_pem, name="keys-pem"),
    path("certificates/<str:serial>/pdf/", views.certificate_pdf, name="pdf"),
    path(
        "api/v1/certificates/verify/<str:serial>/",
        api_views.CertificateVerificationView.as_view(),
        name="api-verify",
    ),
    path("api/v1/certificates/keys/", api_views.SigningKeysView.as_view(), name="api-keys"),
]
