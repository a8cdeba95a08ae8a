"""The OpenAPI documents the services serve describe the API (security, servers, problem
responses, concurrency and idempotency headers) and pass Redocly's recommended rules; the
docs pages load nothing from outside the service. Built in-process: no server is needed."""
from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from devstack import SERVICES

ROOT = Path(__file__).resolve().parents[2]
REDOCLY_DIR = ROOT / "tools" / "redocly"
REDOCLY = REDOCLY_DIR / "node_modules" / ".bin" / "redocly"
PROBLEM_JSON = "application/problem+json"


@pytest.fixture(scope="module")
def apps() -> dict[str, Any]:
    os.environ.setdefault("OTEL_TRACES_EXPORTER", "none")
    return {spec.route: importlib.import_module(f"{spec.package}.entrypoints.app").create_app() for spec in SERVICES}


async def fetch(app: Any, path: str, prefix: str | None = None) -> httpx.Response:
    """As the gateway passes it on (prefix stripped, X-Forwarded-Prefix set), or directly."""
    headers = {"X-Forwarded-Prefix": prefix} if prefix else {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service") as client:
        return await client.get(path, headers=headers)


@pytest.fixture(scope="module")
async def documents(apps) -> dict[str, dict[str, Any]]:
    """Every document served: through the gateway (`<route>`) and directly (`<route>-direct`)."""
    served = {}
    for route, app in apps.items():
        for name, prefix in ((route, f"/api/{route}"), (f"{route}-direct", None)):
            response = await fetch(app, "/openapi.json", prefix)
            assert response.status_code == 200, response.text
            served[name] = response.json()
    return served


def test_every_served_document_passes_redocly_lint(documents, tmp_path):
    assert REDOCLY.exists(), f"{REDOCLY} is missing: run `make setup` (npm ci in tools/redocly)"
    files = []
    for name, document in documents.items():
        files.append(tmp_path / f"{name}.json")
        files[-1].write_text(json.dumps(document))
    result = subprocess.run(
        [str(REDOCLY), "lint", "--config", str(REDOCLY_DIR / "redocly.yaml"), "--format=json", *map(str, files)],
        check=False, capture_output=True, text=True, timeout=300, cwd=REDOCLY_DIR,
        env={**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"})
    reports = _json_stream(result.stdout)
    assert len(reports) == len(files), result.stdout[-2000:] + result.stderr[-2000:]
    problems = [f"{p['severity']} {p['ruleId']}: {p['message']} at {p['location'][0]['pointer']} "
                f"({p['location'][0]['source']['ref']})" for report in reports for p in report["problems"]]
    assert problems == [], "\n".join(problems)
    assert result.returncode == 0, result.stderr[-2000:]


def test_each_document_names_where_it_is_served(documents):
    for spec in SERVICES:
        assert documents[spec.route]["servers"] == [
            {"url": f"/api/{spec.route}", "description": "this service through the API gateway"}]
        assert documents[f"{spec.route}-direct"]["servers"][0]["url"] == "/"


def test_operations_say_how_they_authenticate(documents):
    for name, document in documents.items():
        assert document["components"]["securitySchemes"]["bearerAuth"] == {
            **document["components"]["securitySchemes"]["bearerAuth"], "type": "http", "scheme": "bearer"}, name
        ids = [op["operationId"] for op in _operations(document)]
        assert len(ids) == len(set(ids)), name
    profiles = documents["profiles"]["paths"]
    assert profiles["/me"]["get"]["security"] == [{"bearerAuth": []}]
    assert profiles["/users"]["post"]["security"] == []  # registering needs no token
    assert profiles["/descriptors"]["get"]["security"] == []
    assert "401" in profiles["/me"]["get"]["responses"] and "403" in profiles["/me"]["get"]["responses"]
    assert "401" not in profiles["/descriptors"]["get"]["responses"]
    # Not a bearer route, but its handler answers 401 for wrong credentials.
    assert "401" in profiles["/sessions"]["post"]["responses"]
    een = documents["een"]["paths"]
    assert een["/status"]["get"]["security"] == [{"bearerAuth": []}]
    assert een["/status"]["get"]["operationId"] == "bridgeStatus"


def test_concurrency_and_idempotency_headers_are_documented(documents):
    profiles = documents["profiles"]
    update = profiles["paths"]["/me/profile"]["put"]
    if_match = [p for p in update["parameters"] if p["name"] == "If-Match"]
    assert if_match and if_match[0]["in"] == "header" and if_match[0]["required"] is True
    assert {"412", "428"} <= set(update["responses"])
    assert "ETag" in update["responses"]["200"]["headers"]
    assert "ETag" in profiles["paths"]["/me"]["get"]["responses"]["200"]["headers"]
    assert "If-Match" not in [p["name"] for p in profiles["paths"]["/me"]["get"].get("parameters", [])]
    assert "ETag" in _resolve(profiles, update["responses"]["412"])["headers"]

    communities = documents["communities"]["paths"]
    assert "If-Match" in [p["name"] for p in communities["/communities/{community_id}"]["patch"]["parameters"]]
    for path, method in (("/users", "post"), ("/communities", "post")):
        operation = (profiles["paths"] if path == "/users" else communities)[path][method]
        key = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert key and key[0]["required"] is False, path
        assert {"400", "409", "422"} <= set(operation["responses"]), path
    # Not a creating POST: no Idempotency-Key promised.
    revoke = profiles["paths"]["/sessions/revoke"]["post"]
    assert "Idempotency-Key" not in [p["name"] for p in revoke["parameters"]]
    # A browser signs out with its session cookie and the CSRF header that goes with it.
    assert {(p["name"], p["in"]) for p in revoke["parameters"]} == {("oi_refresh", "cookie"), ("X-CSRF-Token", "header")}
    # `q.get_proposal()` is the queries' method, not the route of that name that sets an ETag.
    proposals = documents["proposals"]["paths"]
    assert "ETag" in proposals["/proposals/{proposal_id}"]["get"]["responses"]["200"]["headers"]
    assert "headers" not in proposals["/proposals/{proposal_id}/interests"]["get"]["responses"]["200"]


def test_error_responses_are_problem_documents(documents):
    for name, document in documents.items():
        assert "HTTPValidationError" not in document["components"]["schemas"], name
        for path, method, operation in _operations_at(document):
            for status, response in operation["responses"].items():
                if int(status) < 400 or (path == "/health" and status == "503"):
                    continue
                content = _resolve(document, response)["content"]
                assert list(content) == [PROBLEM_JSON], (name, path, method, status)
            if "{" in path:
                assert "404" in operation["responses"], (name, path, method)
            assert "429" in operation["responses"], (name, path, method)
    # A body the route cannot read as JSON: 415 for another media type, 400 for broken JSON.
    profiles = documents["profiles"]["paths"]
    assert {"400", "413", "415", "422"} <= set(profiles["/me/profile"]["put"]["responses"])
    assert not {"413", "415"} & set(profiles["/me"]["get"]["responses"])
    # A status the route documents itself keeps its description, with a problem body.
    start_sync = documents["een"]["paths"]["/sync/runs"]["post"]["responses"]["503"]
    assert start_sync["description"] == "the bridge has no POD configured"
    assert list(start_sync["content"]) == [PROBLEM_JSON]
    health = documents["een"]["paths"]["/health"]["get"]["responses"]["503"]
    assert health["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/HealthOut"}


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
@pytest.mark.parametrize("prefix", ["/api/proposals", None])
async def test_docs_pages_load_only_the_services_own_assets(apps, page, prefix):
    app = apps["proposals"]
    html = await fetch(app, page, prefix)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "http://" not in html.text and "https://" not in html.text, html.text
    urls = _asset_urls(html.text)
    assert len(urls) >= 3, urls  # the script, the favicon and the document (and Swagger UI's CSS)
    for url in urls:
        assert url.startswith(f"{prefix or ''}/") and not url.startswith("//"), url
        # The gateway strips the prefix before the service sees the request.
        asset = await fetch(app, url.removeprefix(prefix or ""), prefix)
        assert asset.status_code == 200, url
        expected = {".js": "text/javascript", ".css": "text/css", ".png": "image/png",
                    ".json": "application/json"}[Path(url).suffix]
        assert asset.headers["content-type"].startswith(expected), (url, asset.headers["content-type"])


async def test_swagger_ui_keeps_the_token_and_offers_authorize(apps, documents):
    html = (await fetch(apps["communities"], "/docs", "/api/communities")).text
    assert '"persistAuthorization": true' in html
    # Swagger UI shows its Authorize button when the document declares a security scheme.
    assert documents["communities"]["components"]["securitySchemes"]


async def test_unknown_docs_asset_is_a_problem_404(apps):
    response = await fetch(apps["profiles"], "/docs/assets/core.py")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_JSON


# -- helpers ------------------------------------------------------------------------------------

def _json_stream(text: str) -> list[dict[str, Any]]:
    """Redocly prints one JSON report per file, back to back."""
    decoder, reports, index = json.JSONDecoder(), [], 0
    while (index := _skip_space(text, index)) < len(text):
        report, index = decoder.raw_decode(text, index)
        reports.append(report)
    return reports


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _operations_at(document: dict[str, Any]):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def _operations(document: dict[str, Any]):
    return [operation for _, _, operation in _operations_at(document)]


def _resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


class _AssetLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "spec-url") and value:
                self.urls.append(value)


def _asset_urls(html: str) -> list[str]:
    parser = _AssetLinks()
    parser.feed(html)
    # Swagger UI is told the document's URL in its script.
    return parser.urls + re.findall(r"url: '([^']+)'", html)
