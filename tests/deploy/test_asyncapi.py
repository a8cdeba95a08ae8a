"""The committed AsyncAPI documents are the ones FastStream generates from the code now."""
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "contracts" / "contracts" / "asyncapi"


def test_committed_asyncapi_documents_are_current():
    result = subprocess.run([sys.executable, str(ROOT / "deploy" / "local" / "asyncapi.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_each_document_declares_what_the_service_publishes():
    proposals = yaml.safe_load((DOCS / "proposals.yaml").read_text())
    assert proposals["asyncapi"].startswith("3.")
    channels = proposals["channels"]
    assert "proposals.proposal.published.v1" in channels
    assert channels["proposals.proposal.published.v1"]["address"] == "proposals.proposal"
    for service in ("profiles", "communities", "notifications", "een-bridge"):
        assert yaml.safe_load((DOCS / f"{service}.yaml").read_text())["channels"], service
