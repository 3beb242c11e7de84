"""Who may see and do what: the one place the role rules are written down.

Every selector named ``visible_*`` (plants, reports, results, reviews, events, uploads) and
every API permission class is built on :func:`access_for`, so a page, an endpoint and an export
can never disagree about what a user sees. The rules (docs/api.md repeats them):

- **administrator** (a membership with that role, or a Django superuser): sees everything;
  manages organisations, memberships and plants; may act for any organisation.
- **plant energy manager**: sees and edits their own organisations' plants, reports in every
  state, results, reviews, evidence, uploads and audit events; nothing of anyone else's.
- **association reviewer**: sees every organisation and plant, and every report that has been
  submitted at least once (its results, reviews, evidence and events). May review only plants
  of organisations they do not belong to (four eyes), and never their own submission.
- **government officer**: within a jurisdiction (province, optionally city and district):
  sees the plants there and their organisations, and their *approved* reports with those
  reports' results and reviews; no drafts, no audit trail, no uploads. Their one write is
  recording (and annulling) subsidy awards for plants in their jurisdiction.
- **anonymous**: nothing (the API requires authentication).

Roles add up: a user with several memberships sees the union of what each grants.
The module is kept free of downstream models: callers give the path from their model to the
plant (``plant_path``) or report (``report_path``), and this module returns ``Q`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from factory_eval.core.errors import NotAllowedError
from factory_eval.organisations.models import Membership, Organisation, Role
from factory_eval.organisations.places import area_contains, place_variants

# Report states a government officer may see. A literal on purpose: organisations sits above
# reporting in the flow and must not import it (see reporting.models.EnergyReport.Status).
OFFICER_REPORT_STATUSES = ("approved",)


@dataclass(frozen=True)
class Jurisdiction:
    """A province (GB/T 2260 code), optionally narrowed to a city and then a district.

    A city jurisdiction covers all its districts; a district one covers only that district.
    City and district names match with or without their suffix ("苏州" = "苏州市", see
    ``organisations.places``). Subsidy programmes use the same class for where they apply.
    """

    province_code: str
    city: str = ""
    district: str = ""

    def plant_q(self, plant_path: str) -> Q:
        prefix = f"{plant_path}__" if plant_path else ""
        condition = Q(**{f"{prefix}province_code": self.province_code})
        if self.city:
            condition &= Q(**{f"{prefix}city__in": place_variants(self.city)})
        if self.district:
            condition &= Q(**{f"{prefix}district__in": place_variants(self.district)})
        return condition

    def contains(self, province_code: str, city: str, district: str) -> bool:
        return area_contains(
            (self.province_code, self.city, self.district), (province_code, city, district)
        )

    @property
    def level(self) -> str:
        """ "province", "city" or "district": how narrow the jurisdiction is."""
        return "district" if self.district else "city" if self.city else "province"


NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Access:
    """A user's grants, loaded once per request from their memberships."""

    user_id: int | None = None
    is_admin: bool = False
    is_reviewer: bool = False
    managed_organisation_ids: frozenset[int] = frozenset()
    member_organisation_ids: frozenset[int] = frozenset()
    jurisdictions: tuple[Jurisdiction, ...] = field(default_factory=tuple)

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_manager(self) -> bool:
        return bool(self.managed_organisation_ids)

    @property
    def is_officer(self) -> bool:
        return bool(self.jurisdictions)

    @property
    def may_write_reports(self) -> bool:
        return self.is_admin or self.is_manager

    # --- reads -----------------------------------------------------------------------------
    def _jurisdiction_q(self, plant_path: str) -> Q:
        condition = NOTHING
        for jurisdiction in self.jurisdictions:
            condition |= jurisdiction.plant_q(plant_path)
        return condition

    def plants_q(self, plant_path: str = "") -> Q:
        """Plants this user sees; ``plant_path`` leads from the queried model to its plant."""
        if not self.authenticated:
            return NOTHING
        if self.is_admin or self.is_reviewer:
            return Q()
        prefix = f"{plant_path}__" if plant_path else ""
        condition = Q(**{f"{prefix}organisation_id__in": self.managed_organisation_ids})
        return condition | self._jurisdiction_q(plant_path)

    def reports_q(self, report_path: str = "") -> Q:
        """Reports this user sees; ``report_path`` leads from the queried model to a report."""
        if not self.authenticated:
            return NOTHING
        if self.is_admin:
            return Q()
        prefix = f"{report_path}__" if report_path else ""
        plant_path = f"{prefix}plant"
        condition = Q(**{f"{plant_path}__organisation_id__in": self.managed_organisation_ids})
        if self.is_reviewer:
            condition |= Q(**{f"{prefix}submitted_at__isnull": False})
        if self.jurisdictions:
            condition |= self._jurisdiction_q(plant_path) & Q(
                **{f"{prefix}status__in": OFFICER_REPORT_STATUSES}
            )
        return condition

    def organisations_q(self) -> Q:
        if not self.authenticated:
            return NOTHING
        if self.is_admin or self.is_reviewer:
            return Q()
        condition = Q(pk__in=self.member_organisation_ids)
        if self.jurisdictions:
            condition |= Q(
                pk__in=Organisation.objects.filter(self._jurisdiction_q("plants")).values("pk")
            )
        return condition

    def events_q(self, visible_report_ids, visible_plant_ids) -> Q:
        """Audit events: administrators all; officers none; others those of what they see."""
        if not self.authenticated or not (self.is_admin or self.is_manager or self.is_reviewer):
            return NOTHING
        if self.is_admin:
            return Q()
        return Q(report_id__in=visible_report_ids) | Q(
            report_id__isnull=True, plant_id__in=visible_plant_ids
        )

    # --- writes ----------------------------------------------------------------------------
    def manages(self, organisation_id: int) -> bool:
        """May create and edit plants, reports, evidence and uploads of this organisation."""
        return self.is_admin or organisation_id in self.managed_organisation_ids

    def review_conflict(self, organisation_id: int) -> bool:
        """Four eyes: a reviewer belonging to the plant's organisation must not review it."""
        return organisation_id in self.member_organisation_ids

    def may_review(self, organisation_id: int) -> bool:
        return self.is_reviewer and not self.review_conflict(organisation_id)

    # --- subsidies ---------------------------------------------------------------------------
    def in_jurisdiction(self, province_code: str, city: str, district: str) -> bool:
        """The place lies in one of this user's jurisdictions as a government officer."""
        return any(
            jurisdiction.contains(province_code, city, district)
            for jurisdiction in self.jurisdictions
        )

    @property
    def may_record_awards(self) -> bool:
        """Administrators anywhere; government officers for plants in their jurisdiction."""
        return self.is_admin or self.is_officer

    def may_award_plant(self, province_code: str, city: str, district: str) -> bool:
        return self.is_admin or self.in_jurisdiction(province_code, city, district)


def access_for(user) -> Access:
    """The grants of ``user``, memoised on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Access()
    cached = getattr(user, "_factory_eval_access", None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.filter(user=user).values(
            "organisation_id", "role", "province_code", "city", "district"
        )
    )
    access = Access(
        user_id=user.pk,
        is_admin=bool(user.is_superuser)
        or any(item["role"] == Role.ADMINISTRATOR for item in memberships),
        is_reviewer=any(item["role"] == Role.REVIEWER for item in memberships),
        managed_organisation_ids=frozenset(
            item["organisation_id"] for item in memberships if item["role"] == Role.PLANT_MANAGER
        ),
        member_organisation_ids=frozenset(item["organisation_id"] for item in memberships),
        jurisdictions=tuple(
            Jurisdiction(item["province_code"], item["city"], item["district"])
            for item in memberships
            if item["role"] == Role.GOVERNMENT_OFFICER and item["province_code"]
        ),
    )
    user._factory_eval_access = access
    return access


def forget_access(user) -> None:
    """Drop the memoised grants (after a membership of ``user`` changed)."""
    if hasattr(user, "_factory_eval_access"):
        del user._factory_eval_access


def ensure_manages(actor, organisation_id: int) -> None:
    """Refuse a user who does not manage ``organisation_id``; None (the system) may."""
    if actor is None:
        return
    access = access_for(actor)
    if not access.may_write_reports:
        raise NotAllowedError("read_only")
    if not access.manages(organisation_id):
        raise NotAllowedError("not_your_organisation")
