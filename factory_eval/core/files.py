"""Serving stored files (evidence, certificates) only after a view has checked permissions.

No media URL is ever public: a view finds the object through a ``visible_*`` selector (404
otherwise) and then calls :func:`protected_file_response`. In production (DEBUG off, or
``PROTECTED_MEDIA_ACCEL``) Django sends only headers and ``X-Accel-Redirect`` to nginx's
internal ``/protected-media/`` location (deploy/nginx/_common.conf), which streams the file;
in development the view streams it itself.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

# Types a browser may show inline from our origin. Everything else (OFD, XLSX, DOCX) is
# always a download, so no uploaded document is ever rendered as a page of this site.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


def protected_file_response(
    file: FieldFile, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    inline = inline and content_type in INLINE_TYPES
    if settings.PROTECTED_MEDIA_ACCEL:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PROTECTED_MEDIA_PREFIX + quote(file.name)
        response["Content-Disposition"] = content_disposition_header(not inline, filename)
    else:
        response = FileResponse(
            file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if content_type.startswith("image/"):
        # An image opened on its own cannot run anything in our origin.
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
