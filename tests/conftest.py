"""Shared fixtures: the real servers (Kafka protocol, MongoDB protocol, Redis), started
once per test session on free ports in a temporary directory, and stopped by PID."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from devstack import LocalStack, Ports


@pytest.fixture(scope="session")
def infra(tmp_path_factory) -> LocalStack:
    """The embedded servers only; services run in-process (integration) or as
    processes (end-to-end) on top of them."""
    stack = LocalStack(tmp_path_factory.mktemp("stack"), Ports.free())
    try:
        stack.start_infrastructure()
        os.environ.update({
            "MONGO_URL": stack.mongo_url,
            "KAFKA_BOOTSTRAP_SERVERS": stack.kafka_bootstrap,
            "REDIS_URL": stack.redis_url,
            "OTEL_TRACES_EXPORTER": "none",
        })
        yield stack
    finally:
        stack.stop_all()


def pytest_collection_modifyitems(items):
    """Fast feedback first: unit, deploy, integration, the end-to-end suite, then the browser
    tests (they share the end-to-end platform; the EEN console's syncs would otherwise run
    before the import tests that count what a first sync creates)."""
    order = {"unit": 0, "deploy": 1, "integration": 2, "e2e": 3, "browser": 4}

    def rank(item) -> int:
        folders = Path(str(item.fspath)).relative_to(Path(__file__).parent).parts[:-1]
        return max((order.get(folder, 2) for folder in folders), default=2)

    items.sort(key=rank)
