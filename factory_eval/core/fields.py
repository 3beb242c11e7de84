"""Model fields shared by the apps."""

from __future__ import annotations

from django.db import models


class DocumentJSONField(models.JSONField):
    """A JSONField for large documents, bulk-inserted row by row on PostgreSQL.

    Django 5.2 bulk-inserts through UNNEST arrays on PostgreSQL; psycopg then escapes every
    JSON text inside the array literal with a regular expression, which made storing 10,000
    results take 7 s instead of 1 s. A field defining ``get_placeholder`` opts its inserts out
    of UNNEST (django/db/backends/postgresql/compiler.py); the column type is unchanged.
    """

    def get_placeholder(self, value, compiler, connection) -> str:
        return "%s"
