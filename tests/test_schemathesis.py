"""Property-based API testing from the OpenAPI schema, as each of the six roles.

Schemathesis generates requests for every operation (valid and invalid input, and as the
two roles that write the most every boundary and wrong value field by field) and checks
that the server never answers 5xx and that every answer matches the schema (errors
included); then, in its stateful phase, it chains operations (create, then read, act on and
update what was created) with ids taken from the answers. The number of examples is bounded
so that CI stays quick.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from knox.models import AuthToken

from accounts.models import Role

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
# Every role: the schema's examples and random requests. The coverage phase (every boundary and
# every kind of wrong value, field by field: many requests per operation) runs as the two roles
# that write the most, through a schema of its own, so that CI stays quick.
schema.config.phases.coverage.enabled = False
boundaries = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
boundaries.config.phases.examples.enabled = False
boundaries.config.phases.fuzzing.enabled = False
boundaries.config.phases.coverage.enabled = True
BOUNDARY_ROLES = ["college_admin", "engineer"]

ROLE_USERS = {
    "college_admin": "admin_a",
    "teacher": "teacher_a",
    "engineer": "engineer_x",
    "student": "student_a",
    "evaluator": "evaluator",
    "platform_admin": "platform_admin",
}
CHECKS = ["not_a_server_error", "response_schema_conformance"]
QUICK = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go through the real WSGI handler, which closes the database connection when
    a request starts and finishes inside a transaction; Django's test client switches that
    off, and so must we, or the test's transaction would be closed under it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=sorted(ROLE_USERS))
def token(request, world):
    user = getattr(world, ROLE_USERS[request.param])
    assert user.role == Role(request.param)
    return AuthToken.objects.create(user=user)[1]


def _check(case, response) -> None:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


@pytest.mark.django_db
@schema.parametrize()
@QUICK
def test_api_never_fails_and_matches_its_schema(case, token):
    response = case.call(headers={"Authorization": f"Token {token}"})
    _check(case, response)


@pytest.fixture(params=BOUNDARY_ROLES)
def writer_token(request, world):
    user = getattr(world, ROLE_USERS[request.param])
    assert user.role == Role(request.param)
    return AuthToken.objects.create(user=user)[1]


@pytest.mark.django_db
@boundaries.parametrize()
@QUICK
def test_boundary_and_wrong_values_are_answered_by_the_schema(case, writer_token):
    response = case.call(headers={"Authorization": f"Token {writer_token}"})
    _check(case, response)


@pytest.mark.django_db
def test_chained_operations_never_fail_and_match_the_schema(token, default_scheme):
    """The stateful phase: sequences of operations linked by the ids they return."""

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        # Each example starts from the same database: what one sequence created, erased or
        # revoked is rolled back, so replaying an example (as hypothesis does) meets the same
        # state and draws the same steps.
        def setup(self):
            self._example = transaction.atomic()
            self._example.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self._example.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Token {token}"}}

        def validate_response(self, response, case, **kwargs):
            _check(case, response)

    Workflow.run(
        settings=settings(
            max_examples=25,
            stateful_step_count=8,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
