"""The OpenAPI 3 schema and its interactive docs."""

from __future__ import annotations


def test_schema_lists_the_resources(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/reports/",
        "/api/v1/reports/{id}/submit/",
        "/api/v1/reports/{report_pk}/evidence/",
        "/api/v1/reviews/{id}/approve/",
        "/api/v1/uploads/{id}/problems/",
        "/api/v1/results/",
        "/api/v1/events/export/",
        "/api/v1/factor-editions/",
        "/api/v1/organisations/",
        "/api/v1/auth/token/",
        "/api/v1/criteria-sets/",
        "/api/v1/criteria-sets/{slug}/",
        "/api/v1/criteria-versions/{id}/",
        "/api/v1/evaluations/",
        "/api/v1/reports/{report_pk}/criteria/",
        "/api/v1/reports/{report_pk}/gates/",
        "/api/v1/reviews/{id}/gates/",
    ):
        assert path in schema["paths"], path
    assert client.get("/api/docs/").status_code == 200


def test_schema_validates_and_describes_gate_decisions(db):
    """``manage.py spectacular --validate``: no errors, and no warnings (enum names)."""
    import io

    import yaml
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=err)
    schema = yaml.safe_load(out.getvalue())
    gates = schema["paths"]["/api/v1/reviews/{id}/gates/"]
    body = gates["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    decision = schema["components"]["schemas"][body.rsplit("/", 1)[-1]]
    assert decision["required"] == ["gate_id", "state"]
    assert schema["components"]["schemas"]["GateDecisionEnum"]["enum"] == [
        "confirmed",
        "rejected",
        "not_applicable",
    ]
