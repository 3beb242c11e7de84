"""Public pages: verify a certificate by serial (no login), and the published signing keys;
the PDF itself for signed-in users who may see its report."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from factory_eval.certificates import selectors, signing
from factory_eval.certificates.payloads import normalise_serial
from factory_eval.certificates.presentation import SOURCE_LABELS, number, percent
from factory_eval.core.files import protected_file_response
from factory_eval.core.pages import login_required


@require_GET
def verify_lookup(request: HttpRequest) -> HttpResponse:
    serial = normalise_serial(request.GET.get("serial", ""))
    if serial:
        return redirect("certificates:verify", serial=serial)
    return render(request, "certificates/verify.html", {"record": None, "serial": ""})


@require_GET
def verify(request: HttpRequest, serial: str) -> HttpResponse:
    certificate = selectors.certificate_by_serial(serial)
    if certificate is None:
        return render(
            request,
            "certificates/verify.html",
            {"record": None, "serial": normalise_serial(serial), "unknown": True},
            status=404,
        )
    record = selectors.public_record(certificate)
    intensity = record["payload"]["figures"]["intensity_kgco2e_per_unit"]
    breakdown = [
        {"zh": zh, "en": en, "value": number(intensity.get(key), 3)}
        for key, (zh, en) in SOURCE_LABELS.items()
    ]
    return render(
        request,
        "certificates/verify.html",
        {
            "record": record,
            "p": record["payload"],
            "serial": certificate.serial,
            "breakdown": breakdown,
            "intensity_total": number(intensity.get("total"), 3),
            "clean_share": percent(record["payload"]["figures"]["clean_power_share"], 2),
            "english": request.LANGUAGE_CODE == "en",
        },
    )


@require_GET
def public_keys_pem(request: HttpRequest) -> HttpResponse:
    keyset = signing.published_keyset()
    text = "".join(
        f"# key id {entry['key_id']}{' (current)' if entry['current'] else ''}\n"
        f"{entry['public_key_pem']}"
        for entry in keyset["keys"]
    )
    response = HttpResponse(text, content_type="application/x-pem-file; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="certificate-signing-keys.pem"'
    return response


@require_GET
@login_required
def certificate_pdf(request: HttpRequest, serial: str) -> HttpResponse:
    """The certificate's PDF, for whoever may see its report (404 otherwise); the public sees
    the signed figures on the verification page, not the file."""
    certificate = get_object_or_404(
        selectors.visible_certificates(request.user), serial=normalise_serial(serial)
    )
    return protected_file_response(
        certificate.pdf, filename=f"{certificate.serial}.pdf", content_type="application/pdf"
    )
