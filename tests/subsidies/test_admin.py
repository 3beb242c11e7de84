"""The admin adds programme versions through the service; awards and versions stay read-only."""

from __future__ import annotations

import json

from factory_eval.audit.models import Event
from factory_eval.subsidies.models import Award, ProgrammeVersion


def test_admin_adds_a_version_and_never_edits_one(programmes, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.cn", "pw-12345678")
    client.force_login(admin)
    form = {
        "code": "changshu-near-zero",
        "policy_name": "常熟市近零碳工厂奖励",
        "province": "江苏",
        "city": "苏州",
        "district": "常熟",
        "issued": "",
        "in_force_from": "2025-01-01",
        "in_force_until": "",
        "recognition_required": "municipal near-zero",
        "recognition_note": "",
        "recognition_note_zh": "",
        "max_award_cny": "550000",
        "source": "bureau notice",
        "confidence": "as reported",
        "reason": "stated dates",
        "accepted": json.dumps(
            [
                {
                    "criteria": "suzhou-near-zero-2023",
                    "level": "near_zero",
                    "confidence": "unverified",
                    "note": "as before",
                }
            ]
        ),
    }
    response = client.post("/admin/subsidies/programmeversion/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = ProgrammeVersion.objects.filter(programme__code="changshu-near-zero").latest()
    assert latest.number == 2 and latest.dates_basis == "stated" and latest.created_by == admin
    assert (
        Event.objects.filter(action="subsidies.programme_version_added", actor=admin).count() == 1
    )
    bad = client.post(
        "/admin/subsidies/programmeversion/add/", form | {"province": "火星", "code": "x-y"}
    )
    assert bad.status_code == 200 and "火星" in bad.content.decode()
    change = client.post(f"/admin/subsidies/programmeversion/{latest.pk}/change/", form)
    assert change.status_code == 403
    assert client.get("/admin/subsidies/award/add/").status_code == 403
    assert Award.objects.count() == 0
