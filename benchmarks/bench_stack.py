"""The embedded servers for one benchmark run, in a temporary directory: stopped at the end,
the directory removed unless kept, and kept (with the logs) when the run failed."""
from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from devstack import LocalStack, Ports


@contextlib.contextmanager
def bench_stack(prefix: str, *, keep_run_dir: bool) -> Iterator[LocalStack]:
    run_dir = Path(tempfile.mkdtemp(prefix=prefix))
    stack = LocalStack(run_dir, Ports.free())
    failed = True
    try:
        print(f"starting the embedded servers in {run_dir}", flush=True)
        stack.start_infrastructure()
        yield stack
        failed = False
    finally:
        stack.stop_all()
        if failed:
            print(f"benchmark failed; servers' and services' logs are in {run_dir}/logs", file=sys.stderr)
        elif not keep_run_dir:
            shutil.rmtree(run_dir, ignore_errors=True)
