"""Celery application: a real broker when REDIS_URL is set, in-process tasks otherwise.

The request id of the web request (or command) that queued a task travels in the task's
headers, so the worker's logs and the audit events it writes name the same request.
"""

import os

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factory_eval.settings")

app = Celery("factory_eval")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_tokens: dict[str, object] = {}


@before_task_publish.connect
def _attach_request_id(headers=None, **_kwargs):
    from factory_eval.core.request_context import get_request_id

    if headers is not None:
        headers.setdefault("request_id", get_request_id())


@task_prerun.connect
def _adopt_request_id(task_id=None, task=None, **_kwargs):
    from factory_eval.core.request_context import set_request_id

    request_id = getattr(task.request, "request_id", None) if task else None
    if request_id and request_id != "-" and not task.request.is_eager:
        _tokens[task_id] = set_request_id(request_id)


@task_postrun.connect
def _drop_request_id(task_id=None, **_kwargs):
    from factory_eval.core.request_context import reset_request_id

    token = _tokens.pop(task_id, None)
    if token is not None:
        reset_request_id(token)
