"""Zero-carbon factory assessment service."""

from factory_eval.celery import app as celery_app

__all__ = ("celery_app",)
