"""Writing organisations, users and memberships (administrators), and passwords (anyone)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from factory_eval.audit.services import record_event
from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.organisations.access import forget_access
from factory_eval.organisations.models import Membership, Organisation

ORGANISATION_FIELDS = ("name_zh", "name_en", "kind", "credit_code")
MEMBERSHIP_FIELDS = ("user_id", "organisation_id", "role", "province_code", "city", "district")


def organisation_snapshot(organisation: Organisation) -> dict:
    return {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}


def membership_snapshot(membership: Membership) -> dict:
    return {name: getattr(membership, name) for name in MEMBERSHIP_FIELDS}


@transaction.atomic
def organisation_create(*, actor=None, **fields) -> Organisation:
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    record_event(
        "organisations.created",
        organisation,
        actor=actor,
        after=organisation_snapshot(organisation),
    )
    return organisation


@transaction.atomic
def organisation_update(organisation: Organisation, *, actor=None, **fields) -> Organisation:
    before = organisation_snapshot(organisation)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    record_event(
        "organisations.updated",
        organisation,
        actor=actor,
        before=before,
        after=organisation_snapshot(organisation),
    )
    return organisation


def _password_problems(password: str, user) -> list[Problem]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [
            Problem("weak_password", "password", params={"reason": message})
            for message in error.messages
        ]
    return []


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    actor=None,
):
    """A new account; the password must pass AUTH_PASSWORD_VALIDATORS."""
    user_model = get_user_model()
    user = user_model(username=username, email=email, first_name=first_name, last_name=last_name)
    problems = _password_problems(password, user)
    if user_model.objects.filter(username=username).exists():
        problems.append(Problem("username_taken", "username", params={"value": username}))
    if problems:
        raise ProblemsError(problems)
    user.set_password(password)
    user.save()
    record_event(
        "organisations.user_created",
        user,
        actor=actor,
        after={"username": username, "email": email},
    )
    return user


@transaction.atomic
def password_change(user, *, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ProblemsError([Problem("wrong_password", "old_password")])
    problems = _password_problems(new_password, user)
    if problems:
        raise ProblemsError(problems)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_event("organisations.password_changed", user, actor=user)


@transaction.atomic
def membership_create(
    *,
    user,
    organisation: Organisation,
    role: str,
    province_code: str = "",
    city: str = "",
    district: str = "",
    actor=None,
) -> Membership:
    membership = Membership(
        user=user,
        organisation=organisation,
        role=role,
        province_code=province_code,
        city=city,
        district=district,
    )
    membership.full_clean()
    membership.save()
    forget_access(user)
    record_event(
        "organisations.membership_created",
        membership,
        actor=actor,
        after=membership_snapshot(membership),
    )
    return membership


@transaction.atomic
def membership_delete(membership: Membership, *, actor=None) -> None:
    before = membership_snapshot(membership)
    record_event("organisations.membership_deleted", membership, actor=actor, before=before)
    membership.delete()
    forget_access(membership.user)


@transaction.atomic
def membership_update(membership: Membership, *, actor=None, **fields) -> Membership:
    """Change a membership's role or jurisdiction (the admin's edit form)."""
    stored = Membership.objects.select_for_update().get(pk=membership.pk)
    before = membership_snapshot(stored)
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.full_clean()
    stored.save()
    forget_access(stored.user)
    record_event(
        "organisations.membership_updated",
        stored,
        actor=actor,
        before=before,
        after=membership_snapshot(stored),
    )
    return stored


USER_FIELDS = (
    "username",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "is_staff",
    "is_superuser",
)


def user_snapshot(user) -> dict:
    """What the audit trail keeps of an account (never the password hash)."""
    return {name: getattr(user, name) for name in USER_FIELDS}


def record_user_saved(user, *, actor, created: bool, before: dict | None = None) -> None:
    """Audit an account written by Django's own user forms (the admin)."""
    record_event(
        "organisations.user_created" if created else "organisations.user_updated",
        user,
        actor=actor,
        before=before,
        after=user_snapshot(user),
    )
