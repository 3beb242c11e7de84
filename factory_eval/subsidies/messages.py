"""What subsidy reasons, problems and refusals say, in the user's language.

The eligibility engine returns reason codes with parameters; they are rendered here, and the
same codes serve as ``Problem`` codes when an award is refused, so a page, the API and an
export word a reason the same way.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from factory_eval.core.errors import DomainError, NotAllowedError
from factory_eval.core.problems import MESSAGES
from factory_eval.subsidies.eligibility import Reason

REASONS = {
    # why a programme does not apply
    "outside_province": _("the programme applies only in %(province)s"),
    "plant_city_unknown": _(
        "the programme applies only in %(city)s and the plant's city is not recorded"
    ),
    "outside_city": _("the programme applies only in %(city)s; the plant is in %(plant_city)s"),
    "plant_district_unknown": _(
        "the programme applies only in the district %(district)s and the plant's district is "
        "not recorded"
    ),
    "outside_district": _(
        "the programme applies only in the district %(district)s, not in %(plant_district)s"
    ),
    "programme_not_yet_in_force": _("the programme is in force only from %(date)s"),
    "programme_no_longer_in_force": _("the programme ended on %(date)s"),
    "no_accepted_recognition": _(
        "no certificate of this service corresponds to the recognition the programme "
        "requires: %(note)s"
    ),
    "already_awarded": _(
        "already awarded under this programme (reference %(reference)s, %(date)s, %(amount)s CNY)"
    ),
    "no_certificate": _("the plant holds no certificate at an accepted level (%(accepted)s)"),
    "certificate_not_yet_issued": _("certificate %(serial)s was issued only on %(date)s"),
    "certificate_expired": _("certificate %(serial)s expired on %(date)s"),
    "certificate_revoked": _("certificate %(serial)s was revoked on %(date)s"),
    "certificate_superseded": _("certificate %(serial)s was superseded on %(date)s"),
    # why an eligibility is provisional
    "recognition_map_unverified": _(
        "that %(recognition)s meets the programme's recognition is the operator's unverified "
        "reading: %(note)s"
    ),
    "programme_unverified": _("the programme's terms come from an unverified source"),
    "programme_dates_from_issue": _(
        "the dates in force are not stated; the start is taken from the month of issue (%(issued)s)"
    ),
    "programme_dates_unknown": _("the programme's dates in force are not known"),
    "certificate_provisional": _(
        "certificate %(serial)s rests on unverified factors or criteria parameters"
    ),
}

PROBLEMS = {
    # recording an award
    "award_amount_above_maximum": _(
        "%(value)s CNY is above the programme's maximum award of %(maximum)s CNY"
    ),
    "award_amount_not_positive": _("the amount must be greater than zero, got %(value)s"),
    "award_decided_in_future": _("the decision date %(value)s is in the future"),
    "award_certificate_other_plant": _(
        "certificate %(serial)s belongs to plant %(plant)s, not to this plant"
    ),
    "unknown_programme": _("no subsidy programme “%(value)s”"),
    "unknown_programme_version": _("programme %(programme)s has no version %(value)s"),
    "unknown_certificate": _("no certificate with serial “%(value)s”"),
    # loading and revising programmes
    "programme_unknown_province": _("unknown province “%(value)s”"),
    "programme_bad_date": _("“%(value)s” is not a date (YYYY-MM-DD, or YYYY-MM for issued)"),
    "programme_dates_order": _("in force until %(until)s is before in force from %(value)s"),
    "programme_district_needs_city": _("a district needs its city"),
    "programme_duplicate": _("programme %(value)s appears twice (also row %(other)s)"),
    "programme_unmapped": _(
        "programme %(value)s has no row in the recognition map: add its accepted "
        "(criteria set, level) pairs, or one row with both empty and a note saying why none "
        "correspond"
    ),
    "map_unknown_programme": _(
        "the recognition map names programme %(value)s, which is not in the programme file"
    ),
    "map_unknown_criteria": _("no criteria set “%(value)s”; known: %(known)s"),
    "map_unknown_level": _(
        "criteria set %(criteria)s has no level “%(value)s”; its levels: %(known)s"
    ),
    "map_half_pair": _("give both the criteria set and the level, or neither"),
    "map_none_and_pairs": _(
        "programme %(value)s has both accepted pairs and a row saying none correspond"
    ),
    "map_duplicate_pair": _("%(value)s is listed twice for this programme"),
    "map_note_required": _("every mapping row needs a note saying what it rests on"),
}


class SubsidyStateError(DomainError):
    """The award or programme is in a state that refuses the action (HTTP 409)."""

    status = 409
    messages = {
        "already_awarded": _(
            "plant %(plant)s has already been awarded under programme %(programme)s "
            "(reference %(reference)s); a plant is paid once per programme"
        ),
        "award_annulled": _("this award was already annulled on %(date)s"),
    }


class SubsidyNotAllowedError(NotAllowedError):
    """Who may record and annul awards (HTTP 403)."""

    messages = {
        **NotAllowedError.messages,
        "not_an_award_recorder": _(
            "only government officers (for their jurisdiction) and administrators record "
            "subsidy awards"
        ),
        "outside_jurisdiction": _("plant %(plant)s lies outside your jurisdiction"),
    }


def reason_message(reason: Reason) -> str:
    """The reason in the active language; a mapping note in Chinese when one is given."""
    template = REASONS.get(reason.code)
    if template is None:
        return reason.code
    params = dict(reason.params)
    if params.get("note_zh") and (get_language() or "").startswith("zh"):
        params["note"] = params["note_zh"]
    return str(template) % params if params else str(template)


def reasons_as_dicts(reasons) -> list[dict[str, str]]:
    return [{"code": reason.code, "message": reason_message(reason)} for reason in reasons]


def register() -> None:
    """Make reasons and problems renderable as ``core.problems.Problem`` messages."""
    for code, message in {**REASONS, **PROBLEMS}.items():
        MESSAGES.setdefault(code, message)
