"""Every error a client can meet at the gateway is an RFC 9457 problem document labelled
application/problem+json, whether nginx answers it (malformed requests, oversized headers
and URIs, refused methods, paths with no API) or a service does (bodies that are not JSON,
callers who may not act). Spoken over raw sockets, as a misbehaving client would."""
from __future__ import annotations

import json
import socket
from dataclasses import dataclass

import pytest

from tests.e2e.conftest import Member

PROBLEM = "application/problem+json"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def problem(self, status: int) -> dict:
        assert self.status == status, (self.status, self.headers, self.body[:300])
        assert self.headers.get("content-type") == PROBLEM, self.headers
        document = json.loads(self.body)
        assert document["type"] == "about:blank" and document["status"] == status, document
        assert document["title"] and document["detail"], document
        assert self.headers.get("x-request-id"), self.headers
        return document


def exchange(port: int, request: bytes) -> Answer:
    """Send bytes as they are; read the answer until the gateway closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(int(status_line.split(" ")[1]), headers, body)


def request(method: str, target: str, headers: dict[str, str] | None = None, body: bytes = b"",
            version: str = "HTTP/1.1") -> bytes:
    lines = [f"{method} {target} {version}", "Host: gateway", "Connection: close",
             *(f"{name}: {value}" for name, value in (headers or {}).items())]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@pytest.fixture(scope="module")
def port(platform) -> int:
    return platform.ports.gateway


@pytest.fixture(scope="module")
def member_token(gateway) -> str:
    return Member(gateway, "Erin Errors").auth["Authorization"].partition(" ")[2]


def test_api_paths_with_no_service_are_problem_json_whatever_their_extension(port):
    for path in ("/api/", "/api/nowhere/x", "/api/index.html", "/api/app.js", "/api/style.css", "/api/favicon.ico"):
        document = exchange(port, request("GET", path)).problem(404)
        assert document["instance"] == path


def test_a_missing_web_asset_is_problem_json_not_the_page(port):
    """Only the client's own routes fall back to index.html; a missing hashed file is a 404."""
    exchange(port, request("GET", "/assets/index-00000000.js")).problem(404)


def test_methods_the_web_client_does_not_take_are_405(port):
    exchange(port, request("POST", "/communities", {"Content-Length": "0"})).problem(405)


def test_oversized_headers_are_431(port):
    exchange(port, request("GET", "/api/profiles/me", {"Cookie": "c=" + "x" * 10_000})).problem(431)
    exchange(port, request("GET", "/api/profiles/me", {"Authorization": "Bearer " + "a" * 9_000})).problem(431)
    many = {f"X-Filler-{i}": "v" * 1_000 for i in range(40)}
    exchange(port, request("GET", "/api/profiles/me", many)).problem(431)


def test_an_overlong_uri_is_414(port):
    document = exchange(port, request("GET", "/api/proposals/proposals/" + "a" * 20_000)).problem(414)
    assert "instance" not in document  # the URI is not echoed


def test_trace_is_405_with_what_is_allowed(port):
    answer = exchange(port, request("TRACE", "/api/profiles/me"))
    answer.problem(405)
    assert "GET" in answer.headers["allow"] and "TRACE" not in answer.headers["allow"]


@pytest.mark.parametrize("target", [b"/api/profiles/%00", b"/api/profiles/a%00b", b"/api/profiles/\x00"])
def test_a_nul_in_the_path_is_400(port, target):
    raw = b"GET " + target + b" HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n"
    exchange(port, raw).problem(400)


@pytest.mark.parametrize("raw", [
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",       # TLS spoken to a plain port
    b"G@T / HTTP/1.1\r\nHost: gateway\r\n\r\n",                     # not a method
    b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n",                 # HTTP/1.1 without Host
    b"GET /../etc/passwd HTTP/1.1\r\nHost: gateway\r\n\r\n",        # above the root
])
def test_malformed_requests_are_400(port, raw):
    exchange(port, raw).problem(400)


def test_unsupported_protocol_features_are_problems_too(port):
    exchange(port, request("GET", "/api/profiles/me", version="HTTP/2.0")).problem(505)
    exchange(port, request("POST", "/api/profiles/users", {"Transfer-Encoding": "gzip"})).problem(501)


def test_only_plain_request_ids_are_echoed(port):
    assert exchange(port, request("GET", "/api/x", {"X-Request-ID": "client-id.42"})).headers["x-request-id"] == "client-id.42"
    replaced = exchange(port, request("GET", "/api/x", {"X-Request-ID": 'a"b<script>'})).headers["x-request-id"]
    assert replaced and '"' not in replaced and "<" not in replaced


@pytest.mark.parametrize(("content_type", "body", "status"), [
    ("application/json", b'{"display_name": "caf\xe9"}', 400),            # not UTF-8
    ("application/json", b"[" * 5_000 + b"]" * 5_000, 400),                 # nested too deep
    ("application/json", b'{"title": ', 400),                               # cut short
    ("text/plain", b'{"title": "x"}', 415),
    ("application/json", b"{}", 422),
])
def test_bodies_that_are_not_json_are_problems_after_authentication(port, member_token, content_type, body, status):
    auth = {"Authorization": f"Bearer {member_token}", "Content-Type": content_type}
    exchange(port, request("POST", "/api/proposals/proposals", auth, body)).problem(status)
    # The same body without a token: 401 first.
    exchange(port, request("POST", "/api/proposals/proposals", {"Content-Type": content_type}, body)).problem(401)


def test_a_member_posting_an_offer_is_403_whatever_the_body(port, member_token):
    auth = {"Authorization": f"Bearer {member_token}", "Content-Type": "application/json"}
    for body in (b"{}", b"{not json", b'{"reference": 5}'):
        exchange(port, request("POST", "/api/een/offers", auth, body)).problem(403)
