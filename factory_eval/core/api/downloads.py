"""File downloads from the API: CSV or XLSX chosen by ``?file_format=``.

Not ``?format=``: DRF reserves that for choosing a renderer.
"""

from __future__ import annotations

import pandas as pd
from django.http import HttpResponse
from rest_framework.exceptions import ValidationError

from factory_eval.core.exports import CONTENT_TYPES, table_bytes

FORMATS = tuple(CONTENT_TYPES)


def requested_format(request, default: str = "csv") -> str:
    fmt = request.query_params.get("file_format", default)
    if fmt not in FORMATS:
        raise ValidationError(
            {"file_format": [f"{fmt!r} ∉ {', '.join(FORMATS)}"]}, code="invalid_choice"
        )
    return fmt


def file_response(data: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def table_response(frame: pd.DataFrame, fmt: str, stem: str) -> HttpResponse:
    return file_response(table_bytes(frame, fmt), fmt, stem)
