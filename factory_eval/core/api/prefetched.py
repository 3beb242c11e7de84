"""Nested lists read from a plain prefetched list instead of the related manager.

``prefetch_related("lines")`` makes Django build a related manager and a queryset for every
parent row; on a page of 50 reports with five kinds of lines that was most of the page's time.
``Prefetch("lines", to_attr=prefetched_attribute("lines"))`` stores a plain list instead, and a
nested serializer whose ``Meta.list_serializer_class`` is ``PrefetchedList`` reads it (and falls
back to the manager for an object that was not prefetched, such as one just created).

Only for reads: an object whose lines change after it was fetched must be fetched again before
it is serialised (a stale list would be shown otherwise).
"""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import serializers


def prefetched_attribute(name: str) -> str:
    return f"prefetched_{name}"


def prefetch_lists(*names: str, **querysets) -> list[Prefetch]:
    """``Prefetch`` objects storing each relation in ``names`` as a plain list; a relation may
    get its own queryset by keyword."""
    return [
        Prefetch(name, queryset=querysets.get(name), to_attr=prefetched_attribute(name))
        for name in names
    ]


class PrefetchedList(serializers.ListSerializer):
    def get_attribute(self, instance):
        items = getattr(instance, prefetched_attribute(self.field_name), None)
        return items if items is not None else super().get_attribute(instance)
