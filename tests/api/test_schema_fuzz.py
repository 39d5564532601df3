"""Schemathesis over real HTTP: every operation of /api/schema/, fed generated input, answers
within its documented status codes and response schema, and never with a 500.

The examples per operation are bounded so `make test` stays fast; raise FUZZ_EXAMPLES locally
for a longer hunt.
"""

import os

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def physician_token(world, physician_a) -> str:
    """A physician of site A may chart, acknowledge and configure rules: the widest set of writes."""
    return Token.objects.get_or_create(user=physician_a)[0].key


# The same document /api/schema/ serves (tests/api/test_schema.py checks that), built without a server
# so the operations can be collected as separate tests.
# The coverage phase's boundary values stay; its probing of every undocumented HTTP method is
# left out (a 405 is DRF's, and it tripled the run time).
CONFIG = SchemathesisConfig.from_str("[phases.coverage]\nunexpected-methods = []\n")
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(public=True), config=CONFIG)


@pytest.fixture(autouse=True)
def clock():
    """The API fixtures freeze time; a live server thread must see a moving clock instead."""
    yield


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_errors_or_breaks_its_schema(case, physician_token, live_server):
    case.call_and_validate(
        base_url=f"{live_server.url}", headers={"Authorization": f"Token {physician_token}"}, checks=CHECKS
    )
