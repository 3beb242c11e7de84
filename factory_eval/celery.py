"""Celery application: a real broker when REDIS_URL is set, in-process tasks otherwise."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factory_eval.settings")

app = Celery("factory_eval")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
