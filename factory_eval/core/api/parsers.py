"""Request parsers that refuse hostile bodies with a 400 instead of failing with a 500."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's strict parser (no NaN or Infinity); arrays or objects nested deeper than Python's
    decoder follows (about a thousand levels) are a parse error, not a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - nested too deeply")) from None
