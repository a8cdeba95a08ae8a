"""Static checks of the production deployment shape (no Docker engine needed)."""

import importlib.util
import re
from pathlib import Path

import pytest
import yaml
from contracts.topics import ALL_TOPICS

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
COLLECTOR_FILE = ROOT / "deploy" / "otel" / "collector.yaml"
DOCKERFILE = "deploy/docker/service.Dockerfile"

# service (compose key) -> (SERVICE_DIR, SERVICE_PKG, MONGO_DB)
APP_SERVICES = {
    "profiles": ("profiles", "profiles", "profiles"),
    "communities": ("communities", "communities", "communities"),
    "proposals": ("proposals", "proposals", "proposals"),
    "notifications": ("notifications", "notifications", "notifications"),
    "een-bridge": ("een-bridge", "een_bridge", "een_bridge"),
}
KAFKA_BROKERS = ("kafka1", "kafka2", "kafka3")
MONGO_MEMBERS = ("mongo1", "mongo2", "mongo3")
INIT_JOBS = ("kafka-init", "mongo-init")
TOPICS = list(ALL_TOPICS)  # the contract's topics, in its order
REQUIRED_ENV = {
    "SERVICE_NAME",
    "MONGO_URL",
    "MONGO_DB",
    "KAFKA_BOOTSTRAP_SERVERS",
    "REDIS_URL",
    "LOG_LEVEL",
    "OTEL_SERVICE_NAME",
    "OTEL_TRACES_EXPORTER",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
}
JWKS_URL = "http://profiles:8000/.well-known/jwks.json"
# Scratch images: Docker cannot exec a probe inside them; they must opt out explicitly.
HEALTHCHECK_EXEMPT = {"otel-collector"}


def _compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def _services() -> dict:
    return _compose()["services"]


def _env(service: dict) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):  # tolerate list form "KEY=VALUE"
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def _deps(service: dict) -> dict:
    deps = service.get("depends_on") or {}
    assert isinstance(deps, dict), "depends_on must use the long form with conditions"
    return {name: spec.get("condition") for name, spec in deps.items()}


def test_compose_parses_and_declares_everything():
    compose = _compose()
    services = compose["services"]
    expected = (
        set(APP_SERVICES)
        | {"gateway", "redis", "otel-collector", "jaeger"}
        | set(KAFKA_BROKERS)
        | set(MONGO_MEMBERS)
        | set(INIT_JOBS)
    )
    assert expected <= set(services), expected - set(services)
    assert not any("zookeeper" in name for name in services)
    # Stateful components keep their data on named volumes.
    volumes = compose.get("volumes") or {}
    for name in (*KAFKA_BROKERS, *MONGO_MEMBERS, "redis"):
        mounts = services[name].get("volumes") or []
        named = [m.split(":", 1)[0] for m in mounts if isinstance(m, str)]
        assert any(v in volumes for v in named), f"{name} has no named data volume"


def test_kafka_is_kraft_three_node_cluster():
    services = _services()
    voters = set()
    for name in KAFKA_BROKERS:
        svc = services[name]
        assert svc["image"].startswith("apache/kafka:")
        env = _env(svc)
        assert "KAFKA_PROCESS_ROLES" in env
        assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
        assert not any("ZOOKEEPER" in key for key in env)
        assert str(env["KAFKA_DEFAULT_REPLICATION_FACTOR"]) == "3"
        assert str(env["KAFKA_MIN_INSYNC_REPLICAS"]) == "2"
        assert str(env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]) == "true"
        assert f"{name}:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
        voters.add(env["KAFKA_CONTROLLER_QUORUM_VOTERS"])
        assert env["CLUSTER_ID"]
    assert len(voters) == 1 and len(voters.pop().split(",")) == 3


def test_kafka_init_creates_exactly_the_domain_topics():
    init = _services()["kafka-init"]
    assert set(_deps(init)) == set(KAFKA_BROKERS)
    assert set(_deps(init).values()) == {"service_healthy"}
    env = _env(init)
    assert env["TOPICS"].split() == TOPICS
    assert str(env["TOPIC_PARTITIONS"]) == "6"
    assert str(env["TOPIC_REPLICATION_FACTOR"]) == "3"
    script = "\n".join(init["command"]) if isinstance(init["command"], list) else init["command"]
    assert "kafka-topics.sh" in script
    assert "--if-not-exists" in script
    assert "$$TOPICS" in script  # escaped so Compose leaves it for the shell


def test_mongo_replica_set():
    services = _services()
    for name in MONGO_MEMBERS:
        command = services[name]["command"]
        command = " ".join(command) if isinstance(command, list) else command
        assert "--replSet rs0" in command
    init = services["mongo-init"]
    assert set(_deps(init)) == set(MONGO_MEMBERS)
    script = " ".join(init["command"]) if isinstance(init["command"], list) else init["command"]
    assert "rs.initiate" in script
    assert "NotYetInitialized" in script  # idempotent re-runs
    for name in MONGO_MEMBERS:
        assert f"{name}:27017" in script


def test_every_long_running_service_has_a_healthcheck():
    for name, svc in _services().items():
        if name in INIT_JOBS:
            assert svc.get("restart") == "no", f"{name} is one-shot"
            continue
        hc = svc.get("healthcheck")
        assert hc, f"{name} has no healthcheck"
        if name in HEALTHCHECK_EXEMPT:
            assert hc.get("disable") is True
        else:
            assert hc.get("test"), f"{name} healthcheck has no test"


def test_app_services_build_from_the_shared_dockerfile():
    services = _services()
    assert (ROOT / DOCKERFILE).is_file()
    dirs = []
    for name, (service_dir, pkg, _) in APP_SERVICES.items():
        build = services[name]["build"]
        assert build["context"] == "."
        assert build["dockerfile"] == DOCKERFILE
        assert build["args"]["SERVICE_DIR"] == service_dir
        assert build["args"]["SERVICE_PKG"] == pkg
        dirs.append(build["args"]["SERVICE_DIR"])
    assert sorted(dirs) == sorted(d for d, _, _ in APP_SERVICES.values())


def test_app_services_health_and_dependencies():
    services = _services()
    for name in APP_SERVICES:
        svc = services[name]
        assert "/health" in " ".join(svc["healthcheck"]["test"])
        deps = _deps(svc)
        for infra in (*KAFKA_BROKERS, *MONGO_MEMBERS, "redis"):
            assert deps.get(infra) == "service_healthy", f"{name} -> {infra}"
        for job in INIT_JOBS:
            assert deps.get(job) == "service_completed_successfully", f"{name} -> {job}"
        if name == "profiles":
            assert "profiles" not in deps
        else:
            assert deps.get("profiles") == "service_healthy", f"{name} -> profiles"


def test_app_services_environment():
    services = _services()
    for name, (_, _, mongo_db) in APP_SERVICES.items():
        svc = services[name]
        env = _env(svc)
        missing = REQUIRED_ENV - set(env)
        assert not missing, f"{name} misses {missing}"
        assert env["MONGO_DB"] == mongo_db
        assert env["OTEL_SERVICE_NAME"] == env["SERVICE_NAME"]
        assert env["OTEL_TRACES_EXPORTER"] == "otlp"
        assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318"
        assert env["OTEL_EXPORTER_OTLP_PROTOCOL"] == "http/protobuf"
        assert "replicaSet=rs0" in env["MONGO_URL"]
        assert all(f"{b}:9092" in env["KAFKA_BOOTSTRAP_SERVERS"] for b in KAFKA_BROKERS)
        if name == "profiles":
            assert "JWKS_URL" not in env
        else:
            assert env["JWKS_URL"] == JWKS_URL
    # EEN credentials come from an env file, never inline (an inline key would override it).
    een = services["een-bridge"]
    env_files = een["env_file"] if isinstance(een["env_file"], list) else [een["env_file"]]
    assert any("een-bridge.env" in (f if isinstance(f, str) else f["path"]) for f in env_files)
    assert not {"POD_BASE_URL", "POD_USERNAME", "POD_PASSWORD"} & set(_env(een))


def test_gateway():
    gateway = _services()["gateway"]
    # Built from nginx with the web client inside, whose files GATEWAY_WEB_ROOT names.
    dockerfile = (ROOT / gateway["build"]["dockerfile"]).read_text()
    assert re.search(r"^FROM nginx:\S+$", dockerfile, re.M)
    assert "npm ci" in dockerfile and "COPY --from=web /web/dist /usr/share/nginx/web" in dockerfile
    assert any(str(p).endswith(":8080") for p in gateway["ports"])
    deps = _deps(gateway)
    assert deps == {name: "service_healthy" for name in APP_SERVICES}
    env = _env(gateway)
    upstream_vars = {
        "PROFILES_UPSTREAM": "profiles:8000",
        "COMMUNITIES_UPSTREAM": "communities:8000",
        "PROPOSALS_UPSTREAM": "proposals:8000",
        "NOTIFICATIONS_UPSTREAM": "notifications:8000",
        "EEN_UPSTREAM": "een-bridge:8000",
    }
    for key, value in upstream_vars.items():
        assert env[key] == value
    assert "GATEWAY_LISTEN" in env
    assert env["GATEWAY_WEB_ROOT"] == "/usr/share/nginx/web"
    # Compose turns "$$" into "$"; the result is the awk regex the nginx entrypoint applies.
    envsubst_filter = re.compile(env["NGINX_ENVSUBST_FILTER"].replace("$$", "$"))
    for key in ("GATEWAY_LISTEN", *upstream_vars):
        assert envsubst_filter.search(key), key
    for nginx_var in ("host", "uri", "remote_addr", "PATH", "HOSTNAME"):
        assert not envsubst_filter.search(nginx_var), nginx_var
    assert any(
        v.split(":")[0] == "./deploy/nginx/gateway.conf.template"
        and v.split(":")[1].startswith("/etc/nginx/templates/")
        and v.split(":")[1].endswith(".template")
        for v in gateway["volumes"]
    )
    # The template includes the web client's headers by a path relative to /etc/nginx.
    assert "./deploy/nginx/web_headers.conf:/etc/nginx/web_headers.conf:ro" in gateway["volumes"]


def test_observability_stack():
    services = _services()
    collector = services["otel-collector"]
    assert collector["image"].startswith("otel/opentelemetry-collector-contrib:")
    assert any(v.startswith("./deploy/otel/collector.yaml:") for v in collector["volumes"])
    jaeger = services["jaeger"]
    assert jaeger["image"].startswith("jaegertracing/")
    assert any(str(p).startswith("16686:") for p in jaeger["ports"])


def test_collector_config():
    config = yaml.safe_load(COLLECTOR_FILE.read_text())
    otlp = config["receivers"]["otlp"]["protocols"]
    assert {"grpc", "http"} <= set(otlp)
    assert "batch" in config["processors"]
    traces = config["service"]["pipelines"]["traces"]
    assert "otlp" in traces["receivers"]
    assert "batch" in traces["processors"]
    for exporter in traces["exporters"]:
        assert exporter in config["exporters"]
    jaeger_exporters = [
        cfg for name, cfg in config["exporters"].items() if name.split("/")[0] == "otlp"
    ]
    assert any(cfg["endpoint"].startswith("jaeger:") for cfg in jaeger_exporters)
    for ext in config["service"].get("extensions", []):
        assert ext in config["extensions"]


def test_kafka_init_topics_match_contracts():
    """Guards against drift between the compose topic list and the shared contracts."""
    path = ROOT / "contracts" / "contracts" / "topics.py"
    if not path.is_file():
        pytest.skip("contracts/contracts/topics.py not present")
    spec = importlib.util.spec_from_file_location("_deploy_check_topics", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    declared = _env(_services()["kafka-init"])["TOPICS"].split()
    assert sorted(declared) == sorted(module.ALL_TOPICS)


def test_gateway_env_fills_every_template_variable():
    """The one gateway template serves compose and the local stack: every ${NAME} it
    uses must be set for the nginx container, or nginx would start with holes."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    env = compose["services"]["gateway"]["environment"]
    template = (ROOT / "deploy" / "nginx" / "gateway.conf.template").read_text()
    used = set(re.findall(r"\$\{([A-Z_]+)\}", template))
    assert used and used <= set(env), sorted(used - set(env))
