"""The local runner (`make run`, deploy/local/devstack.py) as a user meets it: its children
never outlive it, a crashed child comes back on its port, and a start whose port is taken
fails saying which port and which process. A small stack (Redis and the trace sink) keeps
these quick; the runner is the same for the whole platform."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from devstack import free_port, port_holders, port_in_use
from tests.support.apps import wait_for

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "deploy" / "local" / "devstack.py"
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the runner's death signal is Linux's")


def children_of(pid: int) -> dict[int, str]:
    """pid -> command line of the direct children of a process, from /proc."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                children[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue
    return children


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has let go of everything (its reaper is gone with the runner)


class Runner:
    """`devstack.py run --only redis,traces` on free ports, its output collected."""

    def __init__(self, run_dir: Path, **ports: int) -> None:
        self.ports = {"redis": ports.get("redis") or free_port(), "traces": ports.get("traces") or free_port()}
        env = {**os.environ, "REDIS_PORT": str(self.ports["redis"]), "TRACES_PORT": str(self.ports["traces"])}
        self.process = subprocess.Popen([sys.executable, str(RUNNER), "run", "--only", "redis,traces",
                                         "--run-dir", str(run_dir)], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        self.output: list[str] = []
        self.errors: list[str] = []
        for stream, lines in ((self.process.stdout, self.output), (self.process.stderr, self.errors)):
            threading.Thread(target=self._collect, args=(stream, lines), daemon=True).start()

    @staticmethod
    def _collect(stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line.decode(errors="replace"))

    def text(self) -> str:
        return "".join(self.output) + "".join(self.errors)

    def wait_up(self) -> dict[str, int]:
        """Once it says it is up: child name -> pid, found by the port each listens on."""
        wait_for(lambda: "are up" in self.text() or self.process.poll() is not None, timeout=60)
        assert self.process.poll() is None, self.text()
        return {name: self.holder(port) for name, port in self.ports.items()}

    def holder(self, port: int) -> int:
        holders = [pid for pid, _ in port_holders(port) if pid in children_of(self.process.pid)]
        assert len(holders) == 1, (port, port_holders(port), self.text())
        return holders[0]

    def finish(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def runner(tmp_path):
    started: list[Runner] = []

    def start(**ports: int) -> Runner:
        started.append(Runner(tmp_path / f"run{len(started)}", **ports))
        return started[-1]

    yield start
    for r in started:
        r.finish()


def test_children_die_with_a_sigkilled_runner_and_free_their_ports(runner):
    stack = runner()
    children = stack.wait_up()

    stack.process.kill()  # SIGKILL: the runner cannot stop anything itself
    stack.process.wait()

    wait_for(lambda: not any(alive(pid) for pid in children.values()), timeout=30)
    # The kernel may release a dead child's listening socket a moment after the process is gone.
    wait_for(lambda: not [port for port in stack.ports.values() if port_in_use(port)], timeout=10)
    assert not [port for port in stack.ports.values() if port_in_use(port)]


def test_a_crashed_child_is_restarted_on_its_port_and_a_closed_terminal_stops_all(runner):
    stack = runner()
    children = stack.wait_up()

    os.kill(children["redis"], signal.SIGKILL)  # a crash of the server, not a stop of the stack
    restarted = wait_for(lambda: (pid := _holder_or_none(stack, stack.ports["redis"])) != children["redis"] and pid,
                         timeout=30)
    assert "redis restarted" in stack.text()
    with socket.create_connection(("127.0.0.1", stack.ports["redis"]), timeout=5) as redis:
        redis.sendall(b"PING\r\n")
        assert redis.recv(16) == b"+PONG\r\n"
    assert alive(children["traces"])  # the others were left alone

    stack.process.send_signal(signal.SIGHUP)  # the terminal closed: stop everything, as Ctrl-C does
    assert stack.process.wait(60) == 0, stack.text()
    assert not alive(restarted) and not alive(children["traces"])
    assert not [port for port in stack.ports.values() if port_in_use(port)]


def _holder_or_none(stack: Runner, port: int) -> int | None:
    holders = [pid for pid, _ in port_holders(port) if pid in children_of(stack.process.pid)]
    return holders[0] if holders else None


def test_a_taken_port_fails_the_start_naming_the_port_and_its_process(runner):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        stack = runner(redis=port)
        assert stack.process.wait(60) == 1, stack.text()

    message = stack.text()
    assert f"port {port} (redis) is already in use by pid {os.getpid()}" in message
    assert "pytest" in message  # the holder's command line
    assert "REDIS_PORT" in message  # how to choose another
    assert " up" not in message  # never "... is up" / "... are up" when it is not


def test_compose_restarts_what_the_local_supervisor_restarts():
    """Locally, the supervisor plays compose's `restart: unless-stopped` for every server and
    service; the production file must say the same for each long-running container."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    long_running = {name: svc for name, svc in compose["services"].items() if svc.get("restart") != "no"}
    assert {"kafka1", "mongo1", "redis", "gateway", "proposals", "notifications"} <= set(long_running)
    assert {name: svc.get("restart") for name, svc in long_running.items()} == \
        dict.fromkeys(long_running, "unless-stopped")
