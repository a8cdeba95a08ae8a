"""Document upload and download throughput: files streamed through the communities API
(HTTP, the content check, the size limit, GridFS, the record's transaction and its
DocumentShared event) next to raw GridFS writes and reads of the same bytes on the same
MongoDB server, measured in the same run. It prints figures; it asserts nothing.

    .venv/bin/python benchmarks/bench_documents_upload.py                  # 8 files of 20 MiB per kind
    .venv/bin/python benchmarks/bench_documents_upload.py --files 3 --mib 5   # a quick look

What runs: the embedded servers (deploy/local/devstack.py, as `make run`), and the
communities app served by uvicorn on a free port in a thread of this process (its real
lifespan: MongoDB, Kafka, Redis, outbox relay), with a test token issuer. Clients send
each file as the raw body in 64 KiB chunks (what browsers and httpx do), one at a time.

- *raw GridFS put*: `AsyncGridFSBucket.open_upload_stream_with_id` + `write` of the same
  64 KiB chunks + `close` (255 KiB GridFS chunks, the default), sequentially;
- *API upload*: POST /communities/{id}/documents, first byte sent -> 201 received;
- *raw GridFS get* / *API download*: the whole file read back (readchunk / streamed GET).

Two kinds of file: a PDF (binary: only its head is inspected) and UTF-8 text (every byte
is decoded, the costliest check). The ratio is raw / API (1.0: the API costs nothing).
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx
import uvicorn
from bench_stack import bench_stack
from communities.entrypoints.app import CommunitiesSettings, create_app
from gridfs import AsyncGridFSBucket
from pymongo import AsyncMongoClient
from servicekit.auth import TokenVerifier
from servicekit.ids import new_id

from tests.support.tokens import TestIssuer

MIB = 1024 * 1024
SEND_CHUNK = 64 * 1024
DATABASE = "bench_documents"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=8, help="files of each kind")
    parser.add_argument("--mib", type=float, default=20.0, help="size of each file, MiB (the limit is 25)")
    parser.add_argument("--keep-run-dir", action="store_true", help="keep data and logs afterwards")
    return parser.parse_args()


def contents(size: int) -> dict[str, tuple[str, bytes]]:
    pdf = b"%PDF-1.7\n" + os.urandom(size - 9)
    line = "Rapporto regionale sull'innovazione, città per città: dati e indicatori.\n".encode()
    text = (line * (size // len(line) + 1))[:size]
    return {"pdf": ("report.pdf", pdf), "text": ("report.txt", text)}


async def chunked(content: bytes) -> AsyncIterator[bytes]:
    view = memoryview(content)
    for i in range(0, len(content), SEND_CHUNK):
        yield bytes(view[i:i + SEND_CHUNK])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(app, port: int):
    """The app under uvicorn in a thread of its own (its own event loop)."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="on", log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the communities app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


async def raw_gridfs(mongo_url: str, files: int, content: bytes) -> tuple[float, float]:
    client = AsyncMongoClient(mongo_url)
    try:
        bucket = AsyncGridFSBucket(client[DATABASE], bucket_name="raw_files")
        ids = []
        started = time.perf_counter()
        for _ in range(files):
            file_id = new_id()
            grid_in = bucket.open_upload_stream_with_id(file_id, "raw.bin", metadata={"community_id": "bench"})
            async for chunk in chunked(content):
                await grid_in.write(chunk)
            await grid_in.close()
            ids.append(file_id)
        put = time.perf_counter() - started
        started = time.perf_counter()
        for file_id in ids:
            grid_out = await bucket.open_download_stream(file_id)
            read = 0
            while chunk := await grid_out.readchunk():
                read += len(chunk)
            assert read == len(content)
        get = time.perf_counter() - started
        return put, get
    finally:
        await client.drop_database(DATABASE)
        await client.close()


async def through_api(base: str, issuer: TestIssuer, files: int, filename: str, content: bytes) -> tuple[float, float]:
    owner = new_id()
    headers = issuer.headers(owner)
    async with httpx.AsyncClient(base_url=base, timeout=300) as client:
        made = await client.post("/communities", json={"name": f"Bench {new_id()[-10:]}", "description": "bench",
                                                       "visibility": "public", "descriptors": ["s3:aerospace"]},
                                 headers=headers)
        made.raise_for_status()
        community = made.json()["id"]
        urls = []
        started = time.perf_counter()
        for _ in range(files):
            response = await client.post(f"/communities/{community}/documents", content=chunked(content),
                                         headers={**headers, "X-Filename": filename,
                                                  "Content-Length": str(len(content))})
            if response.status_code != 201:
                raise RuntimeError(f"upload answered {response.status_code}: {response.text}")
            urls.append(response.json()["latest"]["url"])
        put = time.perf_counter() - started
        started = time.perf_counter()
        for url in urls:
            read = 0
            async with client.stream("GET", url, headers=headers) as response:
                async for chunk in response.aiter_raw():
                    read += len(chunk)
            assert read == len(content)
        get = time.perf_counter() - started
        return put, get


def mb_s(files: int, size: int, seconds: float) -> float:
    return files * size / MIB / seconds if seconds > 0 else float("inf")


async def measure(stack, base: str, issuer: TestIssuer, files: int, size: int) -> list[tuple[str, float, float]]:
    rows = []
    for kind, (filename, content) in contents(size).items():
        raw_put, raw_get = await raw_gridfs(stack.mongo_url, files, content)
        api_put, api_get = await through_api(base, issuer, files, filename, content)
        rows.append((f"{kind} upload", mb_s(files, size, raw_put), mb_s(files, size, api_put)))
        rows.append((f"{kind} download", mb_s(files, size, raw_get), mb_s(files, size, api_get)))
    return rows


def main() -> None:
    args = parse_args()
    size = int(args.mib * MIB)
    with bench_stack("oi-bench-documents-", keep_run_dir=args.keep_run_dir) as stack:
        settings = CommunitiesSettings(mongo_url=stack.mongo_url, mongo_db=f"{DATABASE}_api",
                                       kafka_bootstrap_servers=stack.kafka_bootstrap, redis_url=stack.redis_url,
                                       document_max_bytes=max(25 * MIB, size), periodic_interval_seconds=3600)
        app = create_app(settings)
        issuer = TestIssuer()
        app.state.runtime.provide(TokenVerifier, issuer.verifier())
        with served(app, free_port()) as base:
            print(f"{args.files} files of {args.mib:g} MiB per kind, sent in {SEND_CHUNK // 1024} KiB chunks",
                  flush=True)
            rows = asyncio.run(measure(stack, base, issuer, args.files, size))
    print()
    print(f"{'':<16} {'raw GridFS MB/s':>16} {'API MB/s':>10} {'raw / API':>10}")
    for name, raw, api in rows:
        print(f"{name:<16} {raw:>16.1f} {api:>10.1f} {raw / api:>10.2f}")


if __name__ == "__main__":
    main()
