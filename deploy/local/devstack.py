"""The local stack: the embedded servers (noida-db for Kafka, SecantusDB for MongoDB,
Redis, nginx), the five services and the gateway, on 127.0.0.1, as child processes
this module starts and stops by PID.

    python deploy/local/devstack.py run      # everything, one log stream, Ctrl-C stops all

The test suite imports it to start the same servers on free ports.
"""
from __future__ import annotations

import argparse
import contextlib
import os
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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GATEWAY_TEMPLATE = ROOT / "deploy" / "nginx" / "gateway.conf.template"


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


class Process:
    """A child process in its own process group, its output to a log file or echoed
    with a name prefix."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str] | None, log_path: Path, echo: bool) -> None:
        self.name, self.argv, self.log_path, self.echo = name, argv, log_path, echo
        self.env = {**os.environ, **(env or {})}
        self.popen: subprocess.Popen | None = None

    def start(self) -> Process:
        log = open(self.log_path, "ab", buffering=0)
        self.popen = subprocess.Popen(self.argv, env=self.env, stdout=subprocess.PIPE if self.echo else log,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
                                      cwd=ROOT)
        if self.echo:
            threading.Thread(target=self._pump, args=(log,), daemon=True).start()
        return self

    def _pump(self, log) -> None:
        assert self.popen and self.popen.stdout
        prefix = f"{self.name:<14}| ".encode()
        for line in self.popen.stdout:
            log.write(line)
            if b"GLIBC_2.39" in line:
                continue  # harmless warning noida-db prints at start
            sys.stdout.buffer.write(prefix + line)
            sys.stdout.buffer.flush()

    @property
    def pid(self) -> int:
        assert self.popen
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.alive():
            os.killpg(self.pid, signal.SIGKILL)
            self.popen.wait()

    def stop(self, timeout: float = 10) -> None:
        if not self.alive():
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)
            self.popen.wait()


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


class LocalStack:
    def __init__(self, run_dir: Path, ports: Ports, *, echo: bool = False) -> None:
        self.run_dir = run_dir
        self.ports = ports
        self.echo = echo
        self.processes: dict[str, Process] = {}
        self.pod_credentials: tuple[str, str] | None = None  # set once the simulated POD runs
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

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> Process:
        process = Process(name, argv, env, self.run_dir / "logs" / f"{name}.log", self.echo).start()
        self.processes[name] = process
        return process

    # -- infrastructure -------------------------------------------------------------------
    def start_kafka(self) -> None:
        data = self.run_dir / "kafka"
        data.mkdir(exist_ok=True)
        self._spawn("kafka", [noida_binary(), "start", "--data-dir", str(data), "--host", "127.0.0.1",
                              "--only", "kafka", "--kafka-port", str(self.ports.kafka)])
        wait_for(lambda: port_open(self.ports.kafka), 30, "Kafka (noida-db)")
        self.create_topics()

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
        self._spawn("mongodb", [str(Path(sys.executable).with_name("secantusd-py")), "--host", "127.0.0.1",
                                "--port", str(self.ports.mongo), "--storage-path", str(data),
                                "--log-level", "WARNING"])
        wait_for(lambda: port_open(self.ports.mongo), 30, "MongoDB (SecantusDB)")

    def start_redis(self) -> None:
        redis = shutil.which("redis-server") or "/usr/bin/redis-server"
        self._spawn("redis", [redis, "--port", str(self.ports.redis), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--daemonize", "no", "--dir", str(self.run_dir)])
        wait_for(lambda: port_open(self.ports.redis), 15, "Redis")

    def start_trace_sink(self) -> None:
        self._spawn("traces", [sys.executable, str(ROOT / "deploy" / "local" / "tracesink.py"),
                               "--port", str(self.ports.traces), "--out", str(self.run_dir / "traces.jsonl")])
        wait_for(lambda: port_open(self.ports.traces), 15, "trace sink")

    def start_pod(self, *, profiles: int = 300, malformed: int = 5, seed: int = 7, username: str = "oi-bridge",
                  password: str = "pod-secret", rate_limit: float | None = None) -> tuple[str, str]:
        """The simulated EEN POD (deploy/local/podsim) on pod_url; returns its (username, password)."""
        argv = [sys.executable, "-m", "podsim", "--host", "127.0.0.1", "--port", str(self.ports.pod),
                "--profiles", str(profiles), "--malformed", str(malformed), "--seed", str(seed),
                "--username", username, "--password", password]
        if rate_limit is not None:
            argv += ["--rate-limit", str(rate_limit)]
        python_path = os.pathsep.join(filter(None, [str(ROOT / "deploy" / "local"), os.environ.get("PYTHONPATH")]))
        self._spawn("pod", argv, {"PYTHONPATH": python_path})
        wait_for(lambda: http_ok(f"{self.pod_url}/_control/stats"), 30, "POD simulator")
        self.pod_credentials = (username, password)
        return self.pod_credentials

    def start_infrastructure(self) -> None:
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
        spec = next(s for s in SERVICES if s.name == name)
        process = self._spawn(name, [sys.executable, "-m", "uvicorn", "--factory",
                                     f"{spec.package}.entrypoints.app:create_app", "--host", "127.0.0.1",
                                     "--port", str(self.ports.services[name]), "--no-access-log",
                                     "--timeout-graceful-shutdown", "10"],
                              self.service_env(spec))
        if wait:
            self.wait_healthy(name)
        return process

    def wait_healthy(self, name: str, timeout: float = 60) -> None:
        wait_for(lambda: http_ok(f"{self.service_url(name)}/health"), timeout, f"service {name}")

    def start_services(self) -> None:
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
            "GATEWAY_RATE_LIMIT": os.environ.get("GATEWAY_RATE_LIMIT", "50r/s"),
            "GATEWAY_RATE_BURST": os.environ.get("GATEWAY_RATE_BURST", "100"),
            "PROFILES_UPSTREAM": f"127.0.0.1:{self.ports.services['profiles']}",
            "COMMUNITIES_UPSTREAM": f"127.0.0.1:{self.ports.services['communities']}",
            "PROPOSALS_UPSTREAM": f"127.0.0.1:{self.ports.services['proposals']}",
            "NOTIFICATIONS_UPSTREAM": f"127.0.0.1:{self.ports.services['notifications']}",
            "EEN_UPSTREAM": f"127.0.0.1:{self.ports.services['een-bridge']}",
        }
        # Only our ${NAME}s are substituted, as the nginx image's envsubst does; nginx's own $vars stay.
        gateway = string.Template(GATEWAY_TEMPLATE.read_text()).safe_substitute(values)
        (nginx_dir / "gateway.conf").write_text(gateway)
        main = nginx_dir / "nginx.conf"
        main.write_text(
            f"worker_processes 1;\npid {nginx_dir}/nginx.pid;\nerror_log {nginx_dir}/error.log warn;\n"
            f"events {{ worker_connections 1024; }}\n"
            f"http {{\n  client_body_temp_path {nginx_dir}/body;\n  proxy_temp_path {nginx_dir}/proxy;\n"
            f"  fastcgi_temp_path {nginx_dir}/fastcgi;\n  uwsgi_temp_path {nginx_dir}/uwsgi;\n"
            f"  scgi_temp_path {nginx_dir}/scgi;\n  include {nginx_dir}/gateway.conf;\n}}\n"
        )
        return main

    def start_gateway(self) -> None:
        config = self.render_gateway_config()
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self._spawn("gateway", [nginx, "-p", str(config.parent), "-c", str(config), "-g", "daemon off;"])
        wait_for(lambda: port_open(self.ports.gateway), 15, "gateway (nginx)")

    # -- all ------------------------------------------------------------------------------
    def start_all(self) -> None:
        self.start_infrastructure()
        if not os.environ.get("POD_BASE_URL"):  # a real POD given: no simulator
            self.start_pod()
        self.start_services()
        self.start_gateway()

    def stop_all(self) -> None:
        # Reverse order: gateway and services before the servers they use.
        for name in reversed(list(self.processes)):
            self.processes[name].stop()


def run(args: argparse.Namespace) -> None:
    run_dir = Path(args.run_dir).resolve()
    if args.fresh and run_dir.exists():
        shutil.rmtree(run_dir)
    stack = LocalStack(run_dir, Ports.defaults(), echo=True)
    stopping = threading.Event()

    def on_signal(signum, frame):  # noqa: ARG001
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        stack.start_all()
        pod = f"Simulated EEN POD: {stack.pod_url} (`make een-import` imports it now). " \
            if stack.pod_credentials else ""
        print(f"\nOpen Innovation platform is up. Gateway: {stack.gateway_url}/api/<service>/ "
              f"(docs at {stack.gateway_url}/api/proposals/docs). {pod}Traces: {run_dir}/traces.jsonl. "
              f"Ctrl-C stops everything.\n", flush=True)
        while not stopping.is_set():
            dead = [n for n, p in stack.processes.items() if not p.alive()]
            if dead:
                print(f"process(es) exited: {', '.join(dead)}; stopping", flush=True)
                break
            stopping.wait(1)
    finally:
        print("stopping...", flush=True)
        stack.stop_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="start everything in the foreground")
    run_parser.add_argument("--run-dir", default=str(ROOT / ".run"))
    run_parser.add_argument("--fresh", action="store_true", help="start from empty data directories")
    args = parser.parse_args()
    if args.command == "run":
        run(args)


if __name__ == "__main__":
    main()
