# syntax=docker/dockerfile:1
# SLRT Intake as an image: the service installed from its wheel, nothing else of the
# source tree. tests/backend/test_standalone_package.py repeats these steps (the same
# files copied, the same `pip wheel`, a fresh virtual environment with the wheel alone,
# `slrt migrate` and `slrt run` from elsewhere); change the two together.
#
#   docker build -t slrt-intake .
#   docker compose up -d          (compose.yaml: PostgreSQL, Redis, web, notifier, Caddy)

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- builder: the wheel of the service and wheels of its dependencies ----
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY backend ./backend
COPY bot ./bot
COPY dialogs ./dialogs
COPY migrations ./migrations
RUN pip wheel --no-deps --wheel-dir /wheels/app .
# Every dependency publishes binary wheels for CPython 3.11 on Linux, so nothing is
# compiled here and the final stage needs no compiler either.
RUN pip wheel --wheel-dir /wheels/deps /wheels/app/*.whl

# ---- the image: Python, the PostgreSQL client for `slrt backup`, the installed wheel ----
FROM ${PYTHON_IMAGE}
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PATH=/opt/slrt/bin:$PATH
# pg_dump and pg_restore for `slrt backup` / `slrt restore` (Debian 12 ships 15: keep the
# server at 15, or the client at least as new as the server).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 slrt \
 && useradd --system --uid 10001 --gid slrt --home-dir /var/lib/slrt --shell /usr/sbin/nologin slrt \
 && install -d -o slrt -g slrt -m 0700 /var/lib/slrt /var/lib/slrt/files /var/lib/slrt/backups
# The wheels are mounted for this one step, so they take no room in the image.
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    python -m venv /opt/slrt \
 && /opt/slrt/bin/pip install --no-index --find-links /wheels/deps /wheels/app/*.whl

USER slrt
WORKDIR /var/lib/slrt
# Settings the image fixes; the rest (DATABASE_URL, SECRET_KEY, DATA_KEY, Telegram) come
# from the environment: see compose.yaml and README.md, "Operations".
ENV ENVIRONMENT=production HOST=0.0.0.0 PORT=8000 FILES_DIR=/var/lib/slrt/files
EXPOSE 8000
# 200 once the service can take traffic, 503 while its database cannot be reached.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${PORT}/healthz', timeout=4)"
ENTRYPOINT ["slrt"]
CMD ["run"]
