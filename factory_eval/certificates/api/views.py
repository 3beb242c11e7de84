"""Public API: a certificate's status and signed figures by serial, and the signing keys."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from factory_eval.certificates import selectors, signing
from factory_eval.certificates.payloads import normalise_serial
from factory_eval.certificates.selectors import STATUS_LABELS, CertificateStatus


class CertificateVerificationView(APIView):
    """Status (valid, revoked, superseded, expired, unknown) and the signed payload. No login."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={200: dict, 404: dict})
    def get(self, request, serial: str):
        certificate = selectors.certificate_by_serial(serial)
        if certificate is None:
            return Response(
                {
                    "serial": normalise_serial(serial),
                    "status": "unknown",
                    "status_label": str(STATUS_LABELS[CertificateStatus.UNKNOWN]),
                },
                status=404,
            )
        return Response(selectors.public_record(certificate))


class SigningKeysView(APIView):
    """The public keys certificates are signed with, by key id (current and retired)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={200: dict})
    def get(self, request):
        return Response(signing.published_keyset())
