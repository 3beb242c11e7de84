"""Upload type and size limits, for spreadsheets and evidence alike.

Sizes: a file over its limit is refused (400) before it is read into memory; a body over the
largest limit is cut off while it streams in (413), so no upload can fill the disk or the
memory of a web process. Types: read from the bytes, never from the name or the declared
content type (tests/corpus has every wrong type tried).
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from factory_eval.reporting.models import Evidence, SpreadsheetUpload
from tests.factories import make_plant, make_report
from tests.roles import client_for

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def _draft(cast):
    return make_report(cast.org_a, plant=make_plant(cast.org_a), year=2022)


def test_files_over_their_limit_are_refused_before_reading(cast, editions, settings):
    client = client_for(cast, "manager_a", "en")
    settings.SPREADSHEET_MAX_BYTES = 2000  # the evidence limit (20 MB) stays larger
    spreadsheet = client.post(
        "/api/v1/uploads/",
        {"file": SimpleUploadedFile("big.csv", b"plant_code\n" + b"x" * 2500)},
        format="multipart",
    )
    assert spreadsheet.status_code == 400
    assert spreadsheet.json()["problems"][0]["code"] == "file_too_large"
    draft = _draft(cast)
    settings.SPREADSHEET_MAX_BYTES, settings.EVIDENCE_MAX_BYTES = 20 * 1024 * 1024, 3000
    evidence = client.post(
        f"/api/v1/reports/{draft.pk}/evidence/",
        {"file": SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 3500)},
        format="multipart",
    )
    assert evidence.status_code == 400
    assert evidence.json()["problems"][0]["code"] == "evidence_too_large"
    assert not SpreadsheetUpload.objects.exists() and not Evidence.objects.exists()


def test_a_file_over_every_limit_is_cut_off_while_streaming(cast, editions, settings):
    settings.SPREADSHEET_MAX_BYTES = settings.EVIDENCE_MAX_BYTES = 2000
    client = client_for(cast, "manager_a", "en")
    for url in ("/api/v1/uploads/", f"/api/v1/reports/{_draft(cast).pk}/evidence/"):
        response = client.post(
            url, {"file": SimpleUploadedFile("big.pdf", b"%PDF-" * 1000)}, format="multipart"
        )
        assert response.status_code == 413, url
        assert response.json()["code"] == "request_too_large"
    assert not SpreadsheetUpload.objects.exists() and not Evidence.objects.exists()


def test_a_declared_length_over_every_limit_is_refused_before_reading(cast, settings):
    settings.SPREADSHEET_MAX_BYTES = settings.EVIDENCE_MAX_BYTES = 2000
    body = b"x" * (1024 * 1024 + 4096)  # over the limit plus the form's allowance
    response = client_for(cast, "manager_a", "en").generic(
        "POST", "/api/v1/uploads/", body, content_type="multipart/form-data; boundary=BoUnDaRy"
    )
    assert response.status_code == 413 and response.json()["code"] == "request_too_large"


def test_evidence_type_comes_from_the_bytes_not_the_client(cast, editions):
    draft = _draft(cast)
    response = client_for(cast, "manager_a", "en").post(
        f"/api/v1/reports/{draft.pk}/evidence/",
        {"file": SimpleUploadedFile("meter.png", PNG, content_type="application/pdf")},
        format="multipart",
    )
    assert response.status_code == 201
    assert Evidence.objects.get().content_type == "image/png"


def test_json_bodies_have_a_limit_too(cast, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client_for(cast, "manager_a", "en").post(
        "/api/v1/plants/", {"code": "X", "name_zh": "长" * 1000}, format="json"
    )
    assert response.status_code == 413
