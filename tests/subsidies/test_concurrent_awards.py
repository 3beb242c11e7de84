"""Two officers recording the same award at the same moment on PostgreSQL: exactly one wins."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from factory_eval.subsidies import services
from factory_eval.subsidies.messages import SubsidyStateError
from factory_eval.subsidies.models import Award
from tests.certificate_issuing import issue


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_cannot_both_succeed(result_in, cast, programmes):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: set DATABASE_URL=postgres://...")
    certificate = issue(
        result_in(cast.org_a, "JS-CS", district="常熟"),
        issued_at=timezone.now() - timedelta(days=30),
    )
    officers = [cast.user("officer_in"), cast.user("admin")]
    barrier = threading.Barrier(len(officers))
    outcomes: list[object] = []
    lock = threading.Lock()

    def record(actor, reference):
        try:
            barrier.wait(timeout=10)
            award = services.record_award(
                programme="changshu-near-zero",
                plant=certificate.plant,
                certificate=certificate.serial,
                amount_cny="100000",
                decided_on=timezone.localdate(),
                reference=reference,
                actor=actor,
            )
            outcome = award.pk
        except SubsidyStateError as error:
            outcome = error.code
        except Exception as error:  # reported in the assertion, not swallowed
            outcome = repr(error)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [
        threading.Thread(target=record, args=(actor, f"REF-{index}"))
        for index, actor in enumerate(officers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=str).count("already_awarded") == 1, outcomes
    assert Award.objects.filter(annulled_at__isnull=True).count() == 1
    assert [outcome for outcome in outcomes if isinstance(outcome, int)] == [Award.objects.get().pk]
