"""Logging filter that stamps every record with the current request id."""

import logging

from factory_eval.core.request_context import get_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = get_request_id()
        return True
