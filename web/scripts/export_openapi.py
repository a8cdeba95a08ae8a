"""Write each service's OpenAPI document, as the gateway serves it at /api/<route>/openapi.json,
to web/openapi/<route>.json: the input of `npm run gen:api`.

Run with the project's venv: `/work/main/.venv/bin/python web/scripts/export_openapi.py`.
Building an app opens no connection (clients connect in the lifespan, which is not run),
so no MongoDB, Kafka or Redis is needed.
"""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from servicekit.http.openapi import with_servers

# gateway route (deploy/nginx/gateway.conf.template) -> the module with the service's create_app
SERVICES = {
    "profiles": "profiles.entrypoints.app",
    "communities": "communities.entrypoints.app",
    "proposals": "proposals.entrypoints.app",
    "notifications": "notifications.entrypoints.app",
    "een": "een_bridge.entrypoints.app",
}
OUT = Path(__file__).resolve().parent.parent / "openapi"


def served_document(route: str, module: str) -> dict:
    app = importlib.import_module(module).create_app()
    return with_servers(app.openapi(), f"/api/{route}")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for route, module in SERVICES.items():
        text = json.dumps(served_document(route, module), indent=2, sort_keys=True, ensure_ascii=False)
        (out / f"{route}.json").write_text(text + "\n", encoding="utf-8")
        print(f"wrote {out / f'{route}.json'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
