"""The committed AsyncAPI documents are the ones FastStream generates from the code now, and
the ones each running service serves: what it publishes and what it consumes."""
import importlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from devstack import SERVICES
from tests.support.apps import running

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "contracts" / "contracts" / "asyncapi"


def committed(service: str) -> dict:
    return yaml.safe_load((DOCS / f"{service}.yaml").read_text())


def received_topics(document: dict) -> set[str]:
    channels = document["channels"]
    return {channels[op["channel"]["$ref"].rsplit("/", 1)[-1]]["address"]
            for op in document["operations"].values() if op["action"] == "receive"}


def test_committed_asyncapi_documents_are_current():
    result = subprocess.run([sys.executable, str(ROOT / "deploy" / "local" / "asyncapi.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_each_document_declares_what_the_service_publishes():
    proposals = committed("proposals")
    assert proposals["asyncapi"].startswith("3.")
    channels = proposals["channels"]
    assert "proposals.proposal.published.v1" in channels
    assert channels["proposals.proposal.published.v1"]["address"] == "proposals.proposal"
    for service in ("profiles", "communities", "notifications", "een-bridge"):
        assert committed(service)["channels"], service


def test_each_document_declares_what_the_service_consumes():
    assert received_topics(committed("proposals")) == {"een.offer", "een.export", "een.interest", "profiles.user"}
    assert received_topics(committed("profiles")) == set()  # it consumes nothing
    for service in ("communities", "notifications", "een-bridge"):
        assert "profiles.user" in received_topics(committed(service)), service  # erasure
    description = next(channel["description"] for channel in committed("proposals")["channels"].values()
                       if channel["address"] == "een.offer")
    assert "een.offer.synced.v1" in description and "profiles.user.erased.v1" in description


@pytest.mark.asyncio
@pytest.mark.parametrize("spec", SERVICES, ids=lambda spec: spec.name)
async def test_a_running_service_serves_the_committed_document(spec, infra, monkeypatch):
    # Started with its real lifespan (which subscribes its consumer), in its own database.
    monkeypatch.setenv("MONGO_DB", f"asyncapi_{spec.package}")
    app = importlib.import_module(f"{spec.package}.entrypoints.app").create_app()
    async with running(app) as client:
        response = await client.get("/asyncapi.yaml")
    assert response.status_code == 200
    served, expected = yaml.safe_load(response.text), committed(spec.name)
    # The served document names the broker this service connects to; the committed one, production's.
    assert served.pop("servers")["development"]["host"] == infra.kafka_bootstrap
    assert expected.pop("servers")["development"]["host"] == "kafka1:9092,kafka2:9092,kafka3:9092"
    assert served == expected
