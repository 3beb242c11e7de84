"""Base classes for rows that are facts, not state: written once, never edited or deleted."""

from __future__ import annotations

from django.db import models


class ImmutableRowError(Exception):
    """Raised when code tries to change or delete a row that must stay as written."""


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRowError(f"{self.model.__name__} rows are never updated in place")

    def delete(self):
        raise ImmutableRowError(f"{self.model.__name__} rows are never deleted")


class ImmutableModel(models.Model):
    """A row that is inserted once: a new fact goes in beside the old one."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRowError(f"{type(self).__name__} {self.pk} is immutable")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRowError(f"{type(self).__name__} {self.pk} is immutable")
