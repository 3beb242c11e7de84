"""The demo's cast: one account per role, all sharing a password generated per install.

The password is kept in the var directory (never in the repository) and printed by the demo
command, so a newcomer can sign in as each kind of user at once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from factory_eval.organisations.models import Membership, Organisation, Role
from factory_eval.organisations.services import membership_create, user_create

PASSWORD_FILE = "demo_password"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    organisation_key: str
    description: str
    province_code: str = ""
    city: str = ""
    district: str = ""


GOVERNMENTS = {
    "gov-changzhou": ("示例常州市工业和信息化局", "Demo Changzhou MIIT Bureau"),
    "gov-suzhou": ("示例苏州市工业和信息化局", "Demo Suzhou MIIT Bureau"),
    "gov-ningbo": ("示例宁波市经济和信息化局", "Demo Ningbo Economy and IT Bureau"),
    "gov-jiading": ("示例上海市嘉定区经济委员会", "Demo Jiading District Economic Commission"),
}
OPERATOR = ("示例零碳工厂评价服务运营方", "Demo service operator")

ACCOUNTS = (
    DemoAccount("demo-manager-alpha", Role.PLANT_MANAGER, "alpha", "plant manager, 示例汽车集团甲"),
    DemoAccount("demo-manager-beta", Role.PLANT_MANAGER, "beta", "plant manager, 示例汽车集团乙"),
    DemoAccount(
        "demo-manager-gamma", Role.PLANT_MANAGER, "gamma", "plant manager, 示例零部件股份丙"
    ),
    DemoAccount(
        "demo-manager-delta", Role.PLANT_MANAGER, "delta", "plant manager, 示例新能源汽车丁"
    ),
    DemoAccount("demo-reviewer", Role.REVIEWER, "association", "association reviewer"),
    DemoAccount(
        "demo-officer-changzhou",
        Role.GOVERNMENT_OFFICER,
        "gov-changzhou",
        "government officer, 江苏 常州",
        "32",
        "常州",
    ),
    DemoAccount(
        "demo-officer-suzhou",
        Role.GOVERNMENT_OFFICER,
        "gov-suzhou",
        "government officer, 江苏 苏州",
        "32",
        "苏州",
    ),
    DemoAccount(
        "demo-officer-ningbo",
        Role.GOVERNMENT_OFFICER,
        "gov-ningbo",
        "government officer, 浙江 宁波",
        "33",
        "宁波",
    ),
    DemoAccount(
        "demo-officer-jiading",
        Role.GOVERNMENT_OFFICER,
        "gov-jiading",
        "government officer, 上海 嘉定区",
        "31",
        "上海",
        "嘉定",
    ),
    DemoAccount("demo-admin", Role.ADMINISTRATOR, "operator", "administrator"),
)


def demo_password() -> str:
    path = settings.VAR_DIR / PASSWORD_FILE
    if not path.exists():
        path.write_text(f"Demo-{secrets.token_urlsafe(12)}")
        path.chmod(0o600)
    return path.read_text().strip()


@transaction.atomic
def ensure_demo_users(organisations: dict[str, Organisation]) -> list[DemoAccount]:
    """Create the demo accounts once (idempotent) and set their shared password."""
    organisations = dict(organisations)
    for key, (name_zh, name_en) in GOVERNMENTS.items():
        organisations[key], _ = Organisation.objects.get_or_create(
            name_zh=name_zh, defaults={"name_en": name_en, "kind": Organisation.Kind.GOVERNMENT}
        )
    organisations["operator"], _ = Organisation.objects.get_or_create(
        name_zh=OPERATOR[0], defaults={"name_en": OPERATOR[1], "kind": Organisation.Kind.OPERATOR}
    )
    password = demo_password()
    user_model = get_user_model()
    for account in ACCOUNTS:
        user = user_model.objects.filter(username=account.username).first()
        if user is None:
            user = user_create(
                username=account.username,
                password=password,
                email=f"{account.username}@example.invalid",
            )
        if account.role == Role.ADMINISTRATOR and not user.is_superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        organisation = organisations[account.organisation_key]
        if not Membership.objects.filter(
            user=user, organisation=organisation, role=account.role
        ).exists():
            membership_create(
                user=user,
                organisation=organisation,
                role=account.role,
                province_code=account.province_code,
                city=account.city,
                district=account.district,
            )
    return list(ACCOUNTS)
