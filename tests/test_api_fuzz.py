"""schemathesis over the whole `/api/v1/openapi.json`, as anonymous, consumer, merchant, agent and the platform's
integration: valid and invalid requests to every operation, and every answer must be no server error and what the
document declares (status code, content type, headers and body schema).

Bounded and repeatable: hypothesis is derandomized (a fixed seed), examples are not shrunk, and the number of
examples per operation and caller is fixed (fewer on PostgreSQL, where each request costs more; the figures are in
CASES). The database holds a small world (a case, an order, a merchant with a listing) so that some generated
requests reach real rows.
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from weiquan.accounts.services import token_create

pytestmark = pytest.mark.django_db
CALLERS = ("anonymous", "consumer", "merchant", "agent", "platform")
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
# Examples per operation and caller: 55 operations x 5 callers x 8 = 2,200 on SQLite; 3 on PostgreSQL (825).
PER_OPERATION = 3 if POSTGRES else 8
MINIMUM_CASES = 800 if POSTGRES else 2000
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@pytest.fixture
def in_test_transaction():
    """Requests go through the WSGI handler, which closes the database connection after each request when it is not
    in autocommit, as inside a test's transaction (Django's own test client switches this off the same way)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(cast, order, settings, in_test_transaction):
    """What generated requests may stumble on: a filed case with its order, a store, a listing."""
    from weiquan.testing.cases import new_case

    settings.ALLOWED_HOSTS = ["*"]
    settings.RATE_LIMITS = {scope: "100000/60" for scope in settings.RATE_LIMITS}
    new_case(cast)
    return cast


def _headers(caller: str, cast) -> dict:
    user = {"anonymous": None, "consumer": cast.consumer, "merchant": cast.merchant, "agent": cast.agent,
            "platform": cast.platform}[caller]
    return {} if user is None else {"Authorization": f"Bearer {token_create(user=user)}"}


def _run(operation, caller: str, headers: dict, cases: Counter, failures: dict) -> None:
    strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @settings(max_examples=PER_OPERATION, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def check(case):
        cases[operation.label] += 1
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except FailureGroup as failure:  # every check that failed for this answer
            failures.setdefault(f"{caller} {operation.label}", f"{type(failure).__name__}: {str(failure)[:600]}")

    check()


def test_every_operation_answers_as_declared_for_every_caller(world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 55
    cases: Counter = Counter()
    failures: dict[str, str] = {}
    for caller in CALLERS:
        headers = _headers(caller, world)
        for operation in operations:
            _run(operation, caller, headers, cases, failures)
    total = sum(cases.values())
    print(f"schemathesis: {total} cases over {len(operations)} operations and {len(CALLERS)} callers")
    assert failures == {}, "\n\n".join(f"{k}: {v}" for k, v in failures.items())
    assert total >= MINIMUM_CASES
