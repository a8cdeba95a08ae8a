"""The gateway serves the web client: index.html for every client route (never cached, a
strict CSP), hashed assets cached for good, and nothing of it under /api/."""
from __future__ import annotations

import re

import httpx
import pytest

from tests.support.browser import web_root


@pytest.fixture(scope="module")
def site(platform):
    web_root()
    with httpx.Client(base_url=platform.gateway_url, timeout=10) as client:
        yield client


@pytest.mark.parametrize("path", ["/", "/index.html", "/communities", "/proposals/abc/edit", "/no/such/page"])
def test_client_routes_answer_the_page_never_cached(site, path):
    answer = site.get(path)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["cache-control"] == "no-cache"
    assert '<div id="root">' in answer.text
    csp = answer.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-request-id"]


def test_hashed_assets_are_cached_for_a_year_with_their_type(site):
    page = site.get("/").text
    scripts = re.findall(r'src="(/assets/[^"]+\.js)"', page)
    styles = re.findall(r'href="(/assets/[^"]+\.css)"', page)
    assert scripts and styles
    for path, kind in ((scripts[0], "text/javascript"), (styles[0], "text/css")):
        answer = site.get(path)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith(kind)
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert "default-src 'self'" in answer.headers["content-security-policy"]


def test_the_page_loads_nothing_from_elsewhere(site):
    """The CSP would block it anyway; this says so before a browser does."""
    page = site.get("/").text
    assert not re.search(r'(src|href)="(https?:)?//', page)
