"""The local stack: the embedded servers (noida-db for Kafka, SecantusDB for MongoDB,
Redis, nginx), the five services and the gateway, on 127.0.0.1, as child processes
this module starts, supervises and stops by PID.

    python deploy/local/devstack.py run                  # everything, one log stream, Ctrl-C stops all
    python deploy/local/devstack.py run --only infra     # just the servers (or e.g. --only redis,traces)

Like compose's `restart: unless-stopped`, a child that crashes is started again, on the same
port and data directory, with backoff; only the stack's own stop stops it. Children die with
the runner, even a SIGKILLed one (Linux: PR_SET_PDEATHSIG), so none is left holding a port; a
start whose ports are taken fails, naming each port and the process that holds it.

The test suite imports it to start the same servers on free ports.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import ctypes
import errno
import os
import queue
import shutil
import signal
import socket
import string
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GATEWAY_TEMPLATE = ROOT / "deploy" / "nginx" / "gateway.conf.template"
GATEWAY_WEB_HEADERS = ROOT / "deploy" / "nginx" / "web_headers.conf"
# The built web client the gateway serves at / (`make run` builds it; tests may point elsewhere).
WEB_DIST = ROOT / "web" / "dist"


@dataclass(frozen=True)
class ServiceSpec:
    name: str       # service name, consumer group, database
    package: str    # python package
    route: str      # gateway prefix: /api/<route>/


SERVICES = (
    ServiceSpec("profiles", "profiles", "profiles"),
    ServiceSpec("communities", "communities", "communities"),
    ServiceSpec("proposals", "proposals", "proposals"),
    ServiceSpec("notifications", "notifications", "notifications"),
    ServiceSpec("een-bridge", "een_bridge", "een"),
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if predicate():
                return
        time.sleep(0.1)
    raise TimeoutError(f"{what} not ready after {timeout:.0f}s")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


def noida_binary() -> str:
    import noida_db  # the binary itself, not the console script: killing a wrapper would orphan the broker

    return os.path.join(os.path.dirname(noida_db.__file__), "noida-db")


# -- children die with the runner --------------------------------------------------------
_PR_SET_PDEATHSIG = 1
try:  # resolved once, here: the code run between fork and exec must do as little as possible
    _prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
except (OSError, AttributeError):
    _prctl = None


def _die_with(parent_pid: int) -> Callable[[], None]:
    """preexec_fn: the kernel SIGKILLs the child when the thread that forked it ends, whatever
    the runner dies of (SIGKILL included); a runner already gone by then means exit at once."""
    def set_death_signal() -> None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent_pid:
            os._exit(1)
    return set_death_signal


class _Launcher:
    """Forks every child from one long-lived thread. The death signal fires when the *thread*
    that forked a child ends, not the process: a child started from a short-lived thread (a
    test's helper thread, say) would otherwise die with that thread."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def popen(self, argv: list[str], **kwargs) -> subprocess.Popen:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="devstack-launcher", daemon=True)
                self._thread.start()
        started: concurrent.futures.Future = concurrent.futures.Future()
        self._jobs.put((started, argv, kwargs))
        return started.result()

    def _serve(self) -> None:
        while True:
            started, argv, kwargs = self._jobs.get()
            try:
                if _prctl is not None:
                    kwargs["preexec_fn"] = _die_with(os.getpid())
                started.set_result(subprocess.Popen(argv, **kwargs))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                started.set_exception(exc)


_launcher = _Launcher()


# -- who holds a port ---------------------------------------------------------------------
def port_in_use(port: int) -> bool:
    """Whether a server could not listen on 127.0.0.1:port now (bound as servers bind, with
    SO_REUSEADDR, so connections left in TIME_WAIT do not count)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError as exc:
            return exc.errno in (errno.EADDRINUSE, errno.EACCES)
        return False


def _listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                    inodes.add(fields[9])
    return inodes


def port_holders(port: int) -> list[tuple[int, str]]:
    """(pid, command line) of each process listening on a TCP port: the socket's inode from
    /proc/net/tcp, then the process that has it open. Other users' processes stay invisible
    without privileges."""
    sockets = {f"socket:[{inode}]" for inode in _listening_inodes(port)}
    holders = []
    for entry in os.scandir("/proc") if sockets else ():
        if not entry.name.isdigit():
            continue
        try:
            fds = os.listdir(f"/proc/{entry.name}/fd")
        except OSError:
            continue
        for fd in fds:
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{entry.name}/fd/{fd}") in sockets:
                    holders.append((int(entry.name), _command_line(int(entry.name))))
                    break
    return holders


def _command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").replace(b"\0", b" ").decode(errors="replace")
        return argv or Path(f"/proc/{pid}/comm").read_text().strip()
    return "?"


def describe_holders(port: int) -> str:
    holders = port_holders(port)
    if not holders:
        return "a process this user cannot see"
    return ", ".join(f"pid {pid} ({command})" for pid, command in holders)


class PortsInUse(RuntimeError):
    def __init__(self, taken: Mapping[str, int]) -> None:
        self.taken = dict(taken)
        lines = [f"port {port} ({name}) is already in use by {describe_holders(port)}; "
                 f"stop it, or choose another port with {PORT_VARIABLES.get(name, 'its *_PORT variable')}"
                 for name, port in taken.items()]
        super().__init__("cannot start, ports in use:" + "".join(f"\n  {line}" for line in lines))


def ensure_ports_free(ports: Mapping[str, int]) -> None:
    taken = {name: port for name, port in ports.items() if port_in_use(port)}
    if taken:
        raise PortsInUse(taken)


class ComponentFailed(RuntimeError):
    """A child exited while it was starting."""


# -- one child ------------------------------------------------------------------------------
class Process:
    """A child process in its own session and process group (signals go to the whole group),
    forked by the launcher so that it dies with the runner. Its output goes to a log file, or
    is echoed with a name prefix as well. Once it has been ready, it is `supervised`: the
    stack starts it again, with the same command, when it exits, until `stop()`."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str] | None, log_path: Path, echo: bool, *,
                 port: int | None = None, ready: Callable[[], bool] | None = None,
                 after_ready: Callable[[], None] | None = None) -> None:
        self.name, self.argv, self.log_path, self.echo = name, argv, log_path, echo
        self.env = {**os.environ, **(env or {})}
        self.port, self.ready, self.after_ready = port, ready, after_ready
        self.popen: subprocess.Popen | None = None
        self.wanted = False       # started and not stopped: an exit is a crash, to be restarted
        self.supervised = False   # it was ready once: from now on it is restarted when it exits
        self.restarts = 0
        self.quick_crashes = 0    # consecutive exits soon after a start: the restart backoff grows
        self.started_at = 0.0
        self.lock = threading.RLock()

    def start(self) -> Process:
        with self.lock:
            log = open(self.log_path, "ab", buffering=0)  # noqa: SIM115 - the child or the pump closes it
            try:
                self.popen = _launcher.popen(self.argv, env=self.env, stdout=subprocess.PIPE if self.echo else log,
                                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                             start_new_session=True, cwd=ROOT)
            except BaseException:
                log.close()
                raise
            if self.echo:
                threading.Thread(target=self._pump, args=(self.popen, log), daemon=True).start()
            else:
                log.close()  # the child has its own copy
            self.wanted = True
            self.started_at = time.monotonic()
        return self

    def _pump(self, popen: subprocess.Popen, log) -> None:
        assert popen.stdout
        prefix = f"{self.name:<14}| ".encode()
        with log, popen.stdout:
            for line in popen.stdout:
                log.write(line)
                if b"GLIBC_2.39" in line:
                    continue  # harmless warning noida-db prints at start
                with contextlib.suppress(OSError, ValueError):  # a closed terminal must not stop the draining
                    sys.stdout.buffer.write(prefix + line)
                    sys.stdout.buffer.flush()

    @property
    def pid(self) -> int:
        assert self.popen
        return self.popen.pid

    @property
    def returncode(self) -> int | None:
        return self.popen.poll() if self.popen else None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def wait_ready(self, timeout: float, *, fail_on_exit: bool | None = None) -> None:
        """Until its readiness check passes. If it exits meanwhile: fail at once with the end of
        its log, unless it is supervised (then the supervisor brings it back, and this waits)."""
        fail_on_exit = not self.supervised if fail_on_exit is None else fail_on_exit
        deadline = time.monotonic() + timeout
        while True:
            if self.alive():
                with contextlib.suppress(Exception):
                    if self.ready is None or self.ready():
                        break
            elif fail_on_exit or not self.wanted:
                raise ComponentFailed(f"{self.name} exited with code {self.returncode} while starting; "
                                      f"the end of {self.log_path}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} not ready after {timeout:.0f}s (log: {self.log_path})")
            time.sleep(0.1)
        if self.after_ready is not None:
            self.after_ready()
        self.supervised = True

    def log_tail(self, lines: int = 15) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def restart(self) -> bool:
        """Start it again with the same command (same port, same data directory), unless it
        runs or was stopped; True if it did."""
        with self.lock:
            if self.alive() or not self.wanted:
                return False
            self.restarts += 1
            self.start()
            return True

    def kill(self) -> None:
        """SIGKILL, as a crash would (a supervised process is then restarted)."""
        with self.lock:
            if self.alive():
                self._signal_group(signal.SIGKILL)
                self.popen.wait()

    def stop(self, timeout: float = 10) -> None:
        with self.lock:
            self.wanted = False
            if not self.alive():
                return
            self._signal_group(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.popen.wait()
            self._signal_group(signal.SIGKILL)  # anything it forked and left behind

    def _signal_group(self, signum: int) -> None:
        if self.popen is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.popen.pid, signum)


# What each child is called (its log, its entry in LocalStack.processes) and the variable
# that sets its port for `run`.
PORT_VARIABLES = {"kafka": "KAFKA_PORT", "mongodb": "MONGO_PORT", "redis": "REDIS_PORT", "traces": "TRACES_PORT",
                  "pod": "POD_PORT", "gateway": "GATEWAY_PORT",
                  **{s.name: f"{s.package.upper()}_PORT" for s in SERVICES}}
INFRASTRUCTURE = ("kafka", "mongodb", "redis", "traces")
COMPONENTS = (*INFRASTRUCTURE, "pod", "services", "gateway")  # in start order


@dataclass
class Ports:
    kafka: int
    mongo: int
    redis: int
    gateway: int
    traces: int
    pod: int
    services: dict[str, int] = field(default_factory=dict)

    @classmethod
    def defaults(cls) -> Ports:
        env = os.environ.get
        return cls(kafka=int(env("KAFKA_PORT", 9092)), mongo=int(env("MONGO_PORT", 27017)),
                   redis=int(env("REDIS_PORT", 6379)), gateway=int(env("GATEWAY_PORT", 8080)),
                   traces=int(env("TRACES_PORT", 4318)), pod=int(env("POD_PORT", 8190)),
                   services={s.name: int(env(f"{s.package.upper()}_PORT", 8101 + i)) for i, s in enumerate(SERVICES)})

    @classmethod
    def free(cls) -> Ports:
        return cls(kafka=free_port(), mongo=free_port(), redis=free_port(), gateway=free_port(),
                   traces=free_port(), pod=free_port(), services={s.name: free_port() for s in SERVICES})

    def of(self, components: Iterable[str]) -> dict[str, int]:
        """Child name -> port, for the given components ("services" stands for all five)."""
        single = {"kafka": self.kafka, "mongodb": self.mongo, "redis": self.redis, "traces": self.traces,
                  "pod": self.pod, "gateway": self.gateway}
        ports: dict[str, int] = {}
        for component in components:
            ports.update(self.services if component == "services" else {component: single[component]})
        return ports


# Restart policy, as compose's `restart: unless-stopped` (docker doubles its delay, too).
RESTART_DELAY_SECONDS = 0.5
RESTART_DELAY_MAX_SECONDS = 10.0
STABLE_AFTER_SECONDS = 10.0    # up this long, the next exit starts the backoff again
RESTART_READY_TIMEOUT = 60.0


class LocalStack:
    def __init__(self, run_dir: Path, ports: Ports, *, echo: bool = False, restart: bool = True) -> None:
        """`restart`: supervise the children, starting a crashed one again (the default)."""
        self.run_dir = run_dir
        self.ports = ports
        self.echo = echo
        self.restart = restart
        self.processes: dict[str, Process] = {}
        self.pod_credentials: tuple[str, str] | None = None  # set once the simulated POD runs
        self._spawn_lock = threading.Lock()
        self._supervisor_stop: threading.Event | None = None
        run_dir.mkdir(parents=True, exist_ok=True)
        (run_dir / "logs").mkdir(exist_ok=True)

    # -- addresses ------------------------------------------------------------------------
    @property
    def kafka_bootstrap(self) -> str:
        return f"127.0.0.1:{self.ports.kafka}"

    @property
    def mongo_url(self) -> str:
        return f"mongodb://127.0.0.1:{self.ports.mongo}/?directConnection=true"

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.ports.redis}/0"

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.gateway}"

    @property
    def traces_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.traces}"

    @property
    def pod_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.pod}"

    def service_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports.services[name]}"

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None, *, port: int,
               ready: Callable[[], bool], after_ready: Callable[[], None] | None = None) -> Process:
        with self._spawn_lock:
            previous = self.processes.get(name)
            if previous is not None:
                previous.stop()  # replaced: never two of one name
            ensure_ports_free({name: port})
            process = Process(name, argv, env, self.run_dir / "logs" / f"{name}.log", self.echo,
                              port=port, ready=ready, after_ready=after_ready).start()
            self.processes[name] = process
        self._supervise()
        return process

    # -- infrastructure -------------------------------------------------------------------
    def start_kafka(self) -> None:
        data = self.run_dir / "kafka"
        data.mkdir(exist_ok=True)
        # Topics again after each start: idempotent, and a restarted noida-db may have lost
        # the last seconds before a kill -9 (its snapshot lags), topics included.
        self._spawn("kafka", [noida_binary(), "start", "--data-dir", str(data), "--host", "127.0.0.1",
                              "--only", "kafka", "--kafka-port", str(self.ports.kafka)],
                    port=self.ports.kafka, ready=lambda: port_open(self.ports.kafka),
                    after_ready=self.create_topics).wait_ready(30)

    def create_topics(self, partitions: int = 3) -> None:
        """Create every aggregate topic up front, as kafka-init does in production, so no
        consumer depends on auto-creation (dead-letter topics still appear on first use)."""
        import asyncio

        from aiokafka.admin import AIOKafkaAdminClient, NewTopic
        from aiokafka.errors import TopicAlreadyExistsError
        from contracts.topics import ALL_TOPICS

        async def create() -> None:
            admin = AIOKafkaAdminClient(bootstrap_servers=self.kafka_bootstrap)
            await admin.start()
            try:
                existing = set(await admin.list_topics())
                missing = [NewTopic(t, num_partitions=partitions, replication_factor=1)
                           for t in ALL_TOPICS if t not in existing]
                if missing:
                    with contextlib.suppress(TopicAlreadyExistsError):
                        await admin.create_topics(missing)
            finally:
                await admin.close()

        asyncio.run(create())

    def start_mongo(self) -> None:
        data = self.run_dir / "mongo"
        data.mkdir(exist_ok=True)
        # --sync-on-commit: our commits use w:majority, which on mongod implies a journaled
        # write (writeConcernMajorityJournalDefault); without it SecantusDB acknowledges
        # commits its log has not written yet, and a kill -9 loses them.
        self._spawn("mongodb", [str(Path(sys.executable).with_name("secantusd-py")), "--host", "127.0.0.1",
                                "--port", str(self.ports.mongo), "--storage-path", str(data),
                                "--log-level", "WARNING", "--sync-on-commit"],
                    port=self.ports.mongo, ready=lambda: port_open(self.ports.mongo)).wait_ready(30)

    def start_redis(self) -> None:
        redis = shutil.which("redis-server") or "/usr/bin/redis-server"
        self._spawn("redis", [redis, "--port", str(self.ports.redis), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--daemonize", "no", "--dir", str(self.run_dir)],
                    port=self.ports.redis, ready=lambda: port_open(self.ports.redis)).wait_ready(15)

    def start_trace_sink(self) -> None:
        self._spawn("traces", [sys.executable, str(ROOT / "deploy" / "local" / "tracesink.py"),
                               "--port", str(self.ports.traces), "--out", str(self.run_dir / "traces.jsonl"),
                               "--metrics-out", str(self.run_dir / "metrics.jsonl")],
                    port=self.ports.traces, ready=lambda: port_open(self.ports.traces)).wait_ready(15)

    def start_pod(self, *, profiles: int = 300, malformed: int = 5, seed: int = 7, username: str = "oi-bridge",
                  password: str = "pod-secret", rate_limit: float | None = None) -> tuple[str, str]:
        """The simulated EEN POD (deploy/local/podsim) on pod_url; returns its (username, password)."""
        argv = [sys.executable, "-m", "podsim", "--host", "127.0.0.1", "--port", str(self.ports.pod),
                "--profiles", str(profiles), "--malformed", str(malformed), "--seed", str(seed),
                "--username", username, "--password", password]
        if rate_limit is not None:
            argv += ["--rate-limit", str(rate_limit)]
        self._spawn("pod", argv, {}, port=self.ports.pod,
                    ready=lambda: http_ok(f"{self.pod_url}/_control/stats")).wait_ready(30)
        self.pod_credentials = (username, password)
        return self.pod_credentials

    def start_infrastructure(self) -> None:
        ensure_ports_free(self.ports.of(INFRASTRUCTURE))
        self.start_kafka()
        self.start_mongo()
        self.start_redis()
        self.start_trace_sink()

    # -- services -------------------------------------------------------------------------
    def service_env(self, spec: ServiceSpec) -> dict[str, str]:
        return {
            "SERVICE_NAME": spec.name,
            "MONGO_URL": self.mongo_url,
            "MONGO_DB": spec.package,
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap,
            "REDIS_URL": self.redis_url,
            "JWKS_URL": f"{self.service_url('profiles')}/.well-known/jwks.json",
            "OTEL_SERVICE_NAME": spec.name,
            # DEVSTACK_TRACES=none runs the services without exporting spans (benchmarks compare).
            "OTEL_TRACES_EXPORTER": os.environ.get("DEVSTACK_TRACES", "otlp"),
            "OTEL_EXPORTER_OTLP_ENDPOINT": self.traces_url,
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
            "OTEL_BSP_SCHEDULE_DELAY": "500",
            **(self.pod_env() if spec.name == "een-bridge" else {}),
        }

    def pod_env(self) -> dict[str, str]:
        """The bridge's POD: the simulated one when it runs, else whatever POD_* the caller set."""
        env = {name: value for name, value in os.environ.items() if name.startswith("POD_")}
        if self.pod_credentials is not None:
            env.update({"POD_BASE_URL": self.pod_url, "POD_USERNAME": self.pod_credentials[0],
                        "POD_PASSWORD": self.pod_credentials[1]})
        # Locally, a short schedule so that changes in the simulated POD show up soon.
        env.setdefault("POD_SYNC_INTERVAL_SECONDS", "60")
        env.setdefault("POD_EXCHANGE_INTERVAL_SECONDS", "2")
        return env

    def start_service(self, name: str, wait: bool = True) -> Process:
        """Start a service; one already running under supervision is left as it is (as
        `compose up` leaves a running container), and a crashed one is restarted now."""
        spec = next(s for s in SERVICES if s.name == name)
        current = self.processes.get(name)
        if current is not None and current.wanted:
            current.restart()
            process = current
        else:
            port = self.ports.services[name]
            process = self._spawn(name, [sys.executable, "-m", "uvicorn", "--factory",
                                         f"{spec.package}.entrypoints.app:create_app", "--host", "127.0.0.1",
                                         "--port", str(port), "--no-access-log", "--timeout-graceful-shutdown", "10",
                                         # X-Forwarded-For is read by the app, believing only the gateway's entry.
                                         "--no-proxy-headers"],
                                  self.service_env(spec), port=port,
                                  ready=lambda: http_ok(f"{self.service_url(name)}/health"))
        if wait:
            self.wait_healthy(name)
        return process

    def wait_healthy(self, name: str, timeout: float = 60) -> None:
        self.processes[name].wait_ready(timeout)

    def start_services(self) -> None:
        ensure_ports_free(self.ports.of(["services"]))
        # profiles first: the others fetch its JWKS to verify tokens.
        self.start_service("profiles")
        for spec in SERVICES[1:]:
            self.start_service(spec.name, wait=False)
        for spec in SERVICES[1:]:
            self.wait_healthy(spec.name)

    # -- gateway --------------------------------------------------------------------------
    def render_gateway_config(self) -> Path:
        nginx_dir = self.run_dir / "nginx"
        nginx_dir.mkdir(exist_ok=True)
        values = {
            "GATEWAY_LISTEN": f"127.0.0.1:{self.ports.gateway}",
            "GATEWAY_ACCESS_LOG": "/dev/stdout" if self.echo else str(nginx_dir / "access.log"),
            "GATEWAY_MAX_BODY": os.environ.get("GATEWAY_MAX_BODY", "1m"),
            # The document upload route only: a MiB above the communities service's own limit,
            # so an upload just over it reaches the service and gets its problem+json 413.
            "GATEWAY_UPLOAD_MAX_BODY": f"{int(os.environ.get('DOCUMENT_MAX_BYTES', 25 * 2**20)) // 2**20 + 1}m",
            "GATEWAY_RATE_LIMIT": os.environ.get("GATEWAY_RATE_LIMIT", "50r/s"),
            "GATEWAY_RATE_BURST": os.environ.get("GATEWAY_RATE_BURST", "100"),
            "GATEWAY_WEB_ROOT": os.environ.get("GATEWAY_WEB_ROOT", str(WEB_DIST)),
            "PROFILES_UPSTREAM": f"127.0.0.1:{self.ports.services['profiles']}",
            "COMMUNITIES_UPSTREAM": f"127.0.0.1:{self.ports.services['communities']}",
            "PROPOSALS_UPSTREAM": f"127.0.0.1:{self.ports.services['proposals']}",
            "NOTIFICATIONS_UPSTREAM": f"127.0.0.1:{self.ports.services['notifications']}",
            "EEN_UPSTREAM": f"127.0.0.1:{self.ports.services['een-bridge']}",
        }
        # Only our ${NAME}s are substituted, as the nginx image's envsubst does; nginx's own $vars stay.
        gateway = string.Template(GATEWAY_TEMPLATE.read_text()).safe_substitute(values)
        (nginx_dir / "gateway.conf").write_text(gateway)
        shutil.copyfile(GATEWAY_WEB_HEADERS, nginx_dir / GATEWAY_WEB_HEADERS.name)
        main = nginx_dir / "nginx.conf"
        # One process, no master: the death signal then reaches the process holding the port
        # (a SIGKILLed master leaves its workers running, listening).
        main.write_text(
            f"master_process off;\npid {nginx_dir}/nginx.pid;\nerror_log {nginx_dir}/error.log warn;\n"
            f"events {{ worker_connections 1024; }}\n"
            f"http {{\n  client_body_temp_path {nginx_dir}/body;\n  proxy_temp_path {nginx_dir}/proxy;\n"
            f"  fastcgi_temp_path {nginx_dir}/fastcgi;\n  uwsgi_temp_path {nginx_dir}/uwsgi;\n"
            f"  scgi_temp_path {nginx_dir}/scgi;\n  include {nginx_dir}/gateway.conf;\n}}\n"
        )
        return main

    def start_gateway(self) -> None:
        config = self.render_gateway_config()
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self._spawn("gateway", [nginx, "-p", str(config.parent), "-c", str(config), "-g", "daemon off;"],
                    port=self.ports.gateway, ready=lambda: http_ok(f"{self.gateway_url}/healthz")).wait_ready(15)

    # -- all ------------------------------------------------------------------------------
    def start(self, components: Iterable[str]) -> None:
        """The given COMPONENTS, in start order, after checking all their ports at once."""
        wanted = set(components)
        ensure_ports_free(self.ports.of(c for c in COMPONENTS if c in wanted))
        starters = {"kafka": self.start_kafka, "mongodb": self.start_mongo, "redis": self.start_redis,
                    "traces": self.start_trace_sink, "pod": self.start_pod, "services": self.start_services,
                    "gateway": self.start_gateway}
        for component in COMPONENTS:
            if component in wanted:
                starters[component]()

    def start_all(self) -> None:
        self.start(default_components())

    def unhealthy(self) -> list[str]:
        """What is not running and ready right now (nothing: all healthy)."""
        problems = []
        for name, process in self.processes.items():
            if not process.wanted:
                continue
            if not process.alive():
                problems.append(f"{name} exited with code {process.returncode}")
                continue
            try:
                ready = process.ready is None or process.ready()
            except Exception as exc:  # noqa: BLE001 - a probe reports, it does not raise
                ready, exc_text = False, f": {exc}"
            else:
                exc_text = ""
            if not ready:
                problems.append(f"{name} is not ready{exc_text}")
        return problems

    def stop_all(self) -> None:
        # No restarts from here on; reverse order: gateway and services before the servers they use.
        if self._supervisor_stop is not None:
            self._supervisor_stop.set()
            self._supervisor_stop = None
        for process in self.processes.values():
            process.wanted = False
        for name in reversed(list(self.processes)):
            self.processes[name].stop()

    # -- supervision ----------------------------------------------------------------------
    def note(self, message: str) -> None:
        """The stack's own log line (logs/devstack.log; echoed by `run`)."""
        line = f"{time.strftime('%H:%M:%S')} {message}\n"
        with contextlib.suppress(OSError), open(self.run_dir / "logs" / "devstack.log", "a") as log:
            log.write(line)
        if self.echo:
            say(f"{'devstack':<14}| {message}")

    def _supervise(self) -> None:
        if not self.restart or self._supervisor_stop is not None:
            return
        self._supervisor_stop = threading.Event()
        threading.Thread(target=self._watch, args=(self._supervisor_stop,), name="devstack-supervisor",
                         daemon=True).start()

    def _watch(self, stopping: threading.Event) -> None:
        """compose's `restart: unless-stopped`: a supervised child that exits, for whatever
        reason, is started again with the same command after a delay that doubles while it
        keeps exiting soon after its start."""
        due: dict[Process, float] = {}
        while not stopping.wait(0.2):
            for name, process in list(self.processes.items()):
                if not (process.supervised and process.wanted) or process.alive():
                    due.pop(process, None)
                    continue
                now = time.monotonic()
                if process not in due:
                    uptime = now - process.started_at
                    if uptime >= STABLE_AFTER_SECONDS:
                        process.quick_crashes = 0
                    delay = min(RESTART_DELAY_SECONDS * 2 ** process.quick_crashes, RESTART_DELAY_MAX_SECONDS)
                    process.quick_crashes += 1
                    due[process] = now + delay
                    self.note(f"{name} (pid {process.pid}) exited with code {process.returncode} after "
                              f"{uptime:.1f}s; restarting it on port {process.port} in {delay:.1f}s")
                elif now >= due[process] and not stopping.is_set():
                    del due[process]
                    self._bring_back(process)

    def _bring_back(self, process: Process) -> None:
        if process.port is not None and port_in_use(process.port):
            self.note(f"{process.name}: port {process.port} is held by {describe_holders(process.port)}")
        try:
            if not process.restart():
                return
            self.note(f"{process.name} restarted (pid {process.pid}, restart {process.restarts})")
            process.wait_ready(RESTART_READY_TIMEOUT, fail_on_exit=True)
            self.note(f"{process.name} is ready again")
        except Exception as exc:  # noqa: BLE001 - it exited again: the next round retries, later
            self.note(f"{process.name} did not come back: {str(exc).splitlines()[0]}")


def say(message: str, *, error: bool = False) -> None:
    """Print, unless the terminal is gone (a closed terminal must not stop the stopping)."""
    with contextlib.suppress(OSError, ValueError):
        print(message, file=sys.stderr if error else sys.stdout, flush=True)


def default_components() -> list[str]:
    # A real POD given (POD_BASE_URL): no simulator.
    return [c for c in COMPONENTS if c != "pod" or not os.environ.get("POD_BASE_URL")]


def parse_components(only: str | None) -> list[str]:
    if not only:
        return default_components()
    names: list[str] = []
    for name in only.split(","):
        name = name.strip()
        names += INFRASTRUCTURE if name == "infra" else [name]
    unknown = sorted(set(names) - set(COMPONENTS))
    if unknown:
        raise SystemExit(f"unknown component(s) {', '.join(unknown)}; choose from infra, {', '.join(COMPONENTS)}")
    return names


def run(args: argparse.Namespace) -> int:
    run_dir = Path(args.run_dir).resolve()
    components = parse_components(args.only)
    if args.fresh and run_dir.exists():
        shutil.rmtree(run_dir)
    stack = LocalStack(run_dir, Ports.defaults(), echo=True)
    stopping = threading.Event()
    abandon_start = True  # a signal while starting interrupts the start; later it only asks to stop

    def on_signal(signum, frame):
        stopping.set()
        if abandon_start:
            raise KeyboardInterrupt

    # A closed terminal (SIGHUP) stops everything as Ctrl-C does.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    code = 0
    try:
        stack.start(components)
        problems = stack.unhealthy()
        if problems:
            raise ComponentFailed("not healthy after the start: " + "; ".join(problems))
        abandon_start = False
        everything = "services" in components and "gateway" in components
        pod = f"Simulated EEN POD: {stack.pod_url} (`make een-import` imports it now). " \
            if stack.pod_credentials else ""
        if everything:
            say(f"\nOpen Innovation platform is up. Gateway: {stack.gateway_url}/api/<service>/ "
                f"(docs at {stack.gateway_url}/api/proposals/docs). {pod}Traces: {run_dir}/traces.jsonl. "
                f"Crashed processes are restarted. Ctrl-C stops everything.\n")
        else:
            ports = ", ".join(f"{name} :{port}" for name, port in stack.ports.of(components).items())
            say(f"\nOpen Innovation platform components are up: {ports}. Ctrl-C stops everything.\n")
        while not stopping.wait(1):
            pass
    except KeyboardInterrupt:
        code = 130
    except (PortsInUse, ComponentFailed, TimeoutError) as exc:
        say(f"devstack: {exc}", error=True)
        code = 1
    finally:
        abandon_start = False
        say("stopping...")
        stack.stop_all()
    return code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="start everything in the foreground")
    run_parser.add_argument("--run-dir", default=str(ROOT / ".run"))
    run_parser.add_argument("--fresh", action="store_true", help="start from empty data directories")
    run_parser.add_argument("--only", metavar="COMPONENTS",
                            help=f"comma-separated: infra or any of {', '.join(COMPONENTS)} (default: all)")
    args = parser.parse_args()
    if args.command == "run":
        sys.exit(run(args))


if __name__ == "__main__":
    main()
