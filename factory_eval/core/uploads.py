"""Stop reading an uploaded file as soon as it is larger than any upload may be.

Django would stream a file of any size to a temporary file before the view could look at its
size; nginx caps bodies at 25 MB (deploy/nginx/_common.conf), but gunicorn may also be reached
directly. This handler runs first and refuses the request (HTTP 413 in the one error format)
once the declared length or the bytes received pass the limit.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler

FORM_OVERHEAD = 1024 * 1024  # multipart boundaries and the form's other fields


def largest_upload() -> int:
    return max(settings.SPREADSHEET_MAX_BYTES, settings.EVIDENCE_MAX_BYTES)


class SizeLimitUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > largest_upload() + FORM_OVERHEAD:
            raise RequestDataTooBig(f"request body of {content_length} bytes")

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > largest_upload():
            raise RequestDataTooBig("uploaded file over the limit")
        return raw_data

    def file_complete(self, file_size):
        return None
