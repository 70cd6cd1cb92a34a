"""Property-based API testing from the OpenAPI schema, as three different roles.

Schemathesis generates requests for every operation (valid and invalid input) and checks
that the server never answers 5xx and that 2xx answers match the schema. The number of
examples is bounded so CI stays quick.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.models import Role

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())

ROLE_USERS = {"college_admin": "admin_a", "engineer": "engineer_x", "student": "student_a"}


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
    return Token.objects.create(user=user).key


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_never_fails_and_matches_its_schema(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
