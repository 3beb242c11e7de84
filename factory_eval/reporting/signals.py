"""Signals for apps further down the flow, which reporting must not import.

``revision_created(sender=EnergyReport, report=old, revision=new, actor=user)`` is sent inside
``create_revision``'s transaction, so a receiver's writes commit or roll back with it
(evaluation carries the chosen criteria sets over to the revision).
"""

from django.dispatch import Signal

revision_created = Signal()
