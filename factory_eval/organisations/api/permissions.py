"""DRF permission classes built on ``organisations.access`` (the one set of role rules).

Object visibility is not decided here: every view's queryset comes from a ``visible_*``
selector, so an object outside the user's view is a 404, never a 403 that would confirm it
exists. These classes decide who may *write*.
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from factory_eval.core.errors import NotAllowedError
from factory_eval.organisations.access import Access, access_for


class Refusal(BasePermission):
    """A permission whose refusal carries the one error format's code and message."""

    refusal = "read_only"
    error_class: type[NotAllowedError] = NotAllowedError  # an app's own codes: a subclass

    @property
    def message(self) -> str:
        return self.error_class(self.refusal).message

    @property
    def code(self) -> str:
        return self.refusal


class SignedInReads(Refusal):
    """Anyone signed in reads (what the view's queryset shows); ``may_write`` decides writes."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return bool(request.user and request.user.is_authenticated)
        return self.may_write(access_for(request.user))

    def may_write(self, access: Access) -> bool:
        raise NotImplementedError


class AdministratorWrites(SignedInReads):
    """Anyone signed in reads; administrators write."""

    refusal = "administrators_only"

    def may_write(self, access: Access) -> bool:
        return access.is_admin


class IsAdministrator(Refusal):
    refusal = "administrators_only"

    def has_permission(self, request, view) -> bool:
        return access_for(request.user).is_admin


class ManagerWrites(SignedInReads):
    """Anyone signed in reads (what their querysets show); plant managers and administrators
    write, and only for organisations they manage. Views name the object's organisation with
    ``organisation_id_of(obj)``."""

    refusal = "read_only"

    def may_write(self, access: Access) -> bool:
        return access.may_write_reports

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if not access_for(request.user).manages(view.organisation_id_of(obj)):
            self.refusal = "not_your_organisation"
            return False
        return True


class ReviewerActs(SignedInReads):
    """Anyone signed in reads; only association reviewers start and decide reviews (the
    four-eyes checks themselves are in ``reviews.services``)."""

    refusal = "not_a_reviewer"

    def may_write(self, access: Access) -> bool:
        return access.is_reviewer
