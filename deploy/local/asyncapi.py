"""Generate each service's AsyncAPI document (FastStream builds it from the code) into
contracts/asyncapi/<service>.yaml, or check the committed files are current. The document is
the one the service serves at /asyncapi.yaml (`ServiceRuntime.asyncapi_yaml`: what it
publishes and what it consumes), with the production brokers as its server.

    python deploy/local/asyncapi.py --write | --check
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "contracts" / "contracts" / "asyncapi"
from devstack import SERVICES


def generate() -> dict[str, str]:
    # The documented server is the production one, not whatever this machine uses.
    os.environ["KAFKA_BOOTSTRAP_SERVERS"] = "kafka1:9092,kafka2:9092,kafka3:9092"
    os.environ.setdefault("OTEL_TRACES_EXPORTER", "none")
    documents = {}
    for spec in SERVICES:
        module = importlib.import_module(f"{spec.package}.entrypoints.app")
        app = module.create_app()
        documents[spec.name] = app.state.runtime.asyncapi_yaml()
    return documents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = parser.parse_args()
    documents = generate()
    stale = []
    for name, text in documents.items():
        path = OUT / f"{name}.yaml"
        if args.write:
            OUT.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
        elif not path.exists() or path.read_text() != text:
            stale.append(str(path.relative_to(ROOT)))
    if stale:
        print("stale AsyncAPI documents (run `make asyncapi`):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
