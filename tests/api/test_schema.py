"""The OpenAPI 3 schema and its interactive docs."""

from __future__ import annotations


def test_schema_lists_the_resources(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/reports/", "/api/v1/reports/{id}/submit/",
                 "/api/v1/reports/{report_pk}/evidence/", "/api/v1/reviews/{id}/approve/",
                 "/api/v1/uploads/{id}/problems/", "/api/v1/results/", "/api/v1/events/export/",
                 "/api/v1/factor-editions/", "/api/v1/organisations/", "/api/v1/auth/token/"):
        assert path in schema["paths"], path
    assert client.get("/api/docs/").status_code == 200
