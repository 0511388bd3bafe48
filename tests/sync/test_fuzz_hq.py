"""schemathesis fuzzes HQ's own OpenAPI description against a live server: no input may
produce a 5xx, with or without a valid token. (schemathesis' pytest plugin does not run under
pytest 9, so its strategies are driven with hypothesis directly.)"""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sync.conftest import HQProcess, free_port

CASES_PER_OPERATION = 60


@pytest.fixture(scope="module")
def live_hq(tmp_path_factory):
    server = HQProcess(
        str(tmp_path_factory.mktemp("fuzz") / "hq.db"), free_port(), "--rate", "100000"
    ).start()
    leader = server.add_leader()
    server.token = requests.post(
        server.url + "/v1/enroll",
        json={"code": leader["enrollment_code"], "device_name": "fuzz"},
        timeout=5,
    ).json()["token"]
    yield server
    server.kill()


def _operations(url: str) -> list:
    schema = schemathesis.openapi.from_url(url + "/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def test_schemathesis_finds_no_5xx(live_hq) -> None:
    operations = _operations(live_hq.url)
    assert {op.path for op in operations} >= {"/v1/batches", "/v1/catalog", "/v1/enroll"}
    tried = {"cases": 0}
    for operation in operations:
        strategy = operation.as_strategy()

        @settings(
            max_examples=CASES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy, authorised=st.booleans())
        def check(case, authorised: bool) -> None:
            headers = {"Authorization": f"Bearer {live_hq.token}"} if authorised else {}
            response = case.call(base_url=live_hq.url, headers=headers, timeout=10)
            tried["cases"] += 1
            assert response.status_code < 500, (case.method, case.path, response.text[:300])

        check()
    assert tried["cases"] >= len(operations) * 10
