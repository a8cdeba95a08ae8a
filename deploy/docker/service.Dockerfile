# syntax=docker/dockerfile:1.7
# One image recipe for all five services. Build context = repo root, e.g.:
#   docker build -f deploy/docker/service.Dockerfile \
#     --build-arg SERVICE_DIR=een-bridge --build-arg SERVICE_PKG=een_bridge -t een-bridge .

ARG PYTHON_IMAGE=python:3.11-slim

# ---- build stage: compilers/build backends never reach the runtime image ----
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src

# The lock goes first so the (slow) third-party layer is cached across code changes.
COPY requirements.lock ./
RUN pip install --require-virtualenv -r requirements.lock

# Shared packages, then only the one service this image is for.
ARG SERVICE_DIR
RUN test -n "${SERVICE_DIR}" || (echo "build arg SERVICE_DIR is required" >&2; exit 1)
COPY contracts/ contracts/
COPY servicekit/ servicekit/
COPY services/${SERVICE_DIR}/ services/${SERVICE_DIR}/
# --no-deps: requirements.lock is the single source of truth for third-party versions;
# pip check then fails the build if the lock is missing something a package needs.
RUN pip install --require-virtualenv --no-deps \
        ./contracts ./servicekit "./services/${SERVICE_DIR}" \
    && pip check

# ---- runtime stage ----
FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE_DIR
ARG SERVICE_PKG
RUN test -n "${SERVICE_PKG}" || (echo "build arg SERVICE_PKG is required" >&2; exit 1)
LABEL org.opencontainers.image.title="${SERVICE_DIR}"

# Fixed UID so volume ownership/PodSecurity policies are predictable.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app

COPY --from=build /opt/venv /opt/venv
# SERVICE_PKG is persisted as ENV so the shell-form CMD can expand it at run time.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    SERVICE_PKG=${SERVICE_PKG}

WORKDIR /app
USER app:app
EXPOSE 8000

# /health is 200 only when Mongo and Kafka are reachable; urlopen raises on non-2xx.
# python:3.11-slim has no curl, hence the stdlib one-liner.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys,urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status == 200 else 1)"]

# exec so uvicorn is PID 1 and receives SIGTERM directly (graceful drain of consumers).
# --no-proxy-headers: X-Forwarded-For is read by the app, which believes only the gateway's entry.
CMD exec uvicorn --factory "${SERVICE_PKG}.entrypoints.app:create_app" --host 0.0.0.0 --port 8000 --no-proxy-headers
