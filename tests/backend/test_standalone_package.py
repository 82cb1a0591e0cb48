"""The package stands alone: its wheel, installed outside the source tree, migrates and serves.

These are the Dockerfile's steps, on this machine (no container daemon here): copy what
the builder stage copies, `pip wheel --no-deps`, a fresh virtual environment holding the
wheel alone, then `slrt migrate` and `slrt run` from a directory of their own. The copy
the wheel was built from is deleted before anything runs, and the checkout is on no
path of the new environment, so every template, catalog, static file and migration
served comes from the installed package. The dependencies come from this test's own
environment (a .pth file names its site-packages), so no network is needed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from backend.config import PROJECT_ROOT
from tests.bot.conftest import free_port

# What the Dockerfile's builder stage copies into the build, no more.
BUILD_INPUTS = (
    "pyproject.toml",
    "setup.py",
    "README.md",
    "backend",
    "bot",
    "dialogs",
    "migrations",
)
# Where a source folder lands in the installed package (migrations/ is mapped into backend).
INSTALLED_AS = {"migrations": "backend/migrations"}
# Drawings of the flows and the lifecycle, for readers and tests; nothing reads them at run time.
NOT_SHIPPED = re.compile(r"(__pycache__/|\.pyc$|\.mmd$)")
COMMAND_TIMEOUT_SECONDS = 120.0
STARTUP_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class Installation:
    """A virtual environment with the service's wheel installed in it."""

    wheel: Path
    venv: Path
    shipped_sources: frozenset[str]

    @property
    def slrt(self) -> Path:
        return self.venv / "bin" / "slrt"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"


def _run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Runs a command to its end; fails the test with its output if it fails."""
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=COMMAND_TIMEOUT_SECONDS, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        pytest.fail(f"{command} exited with {result.returncode}:\n{result.stdout}{result.stderr}")
    return result.stdout


def _copy_build_inputs(target: Path) -> frozenset[str]:
    """Copies what the Dockerfile copies; answers the package files, as installed paths."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shipped: set[str] = set()
    for name in BUILD_INPUTS:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
            for path in (target / name).rglob("*"):
                relative = path.relative_to(target).as_posix()
                if path.is_file() and not NOT_SHIPPED.search(relative):
                    shipped.add(INSTALLED_AS.get(name, name) + relative.removeprefix(name))
        else:
            shutil.copy2(source, target / name)
    return frozenset(shipped)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installation:
    """The wheel built from a copy of the sources, installed into a new virtual environment."""
    base = tmp_path_factory.mktemp("standalone")
    source, wheels, venv = base / "source", base / "wheels", base / "venv"
    source.mkdir()
    shipped = _copy_build_inputs(source)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", wheels,
          source], cwd=base)  # fmt: skip
    shutil.rmtree(source)  # from here on, nothing can be read from the sources built
    (wheel,) = wheels.glob("slrt_intake-*.whl")
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=base)
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # The dependencies: this environment's site-packages, read after the new one's own.
    # Its .pth files (the checkout's editable install among them) are not run from there.
    (purelib / "test-environment-dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", "utf-8"
    )
    _run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install",
          "--quiet", "--no-deps", wheel], cwd=base)  # fmt: skip
    return Installation(wheel=wheel, venv=venv, shipped_sources=shipped)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A directory of the service's own, far from the checkout, where it keeps .env and var/."""
    assert not tmp_path.resolve().is_relative_to(PROJECT_ROOT.resolve())
    return tmp_path


def clean_environment(home: Path) -> dict[str, str]:
    """An environment with no setting and no PYTHONPATH: the service reads its .env alone."""
    return {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8"}


class TestTheWheel:
    """The wheel holds every module and data file of the packages, migrations included."""

    def test_every_source_and_data_file_is_in_the_wheel(self, installed: Installation) -> None:
        with zipfile.ZipFile(installed.wheel) as wheel:
            names = set(wheel.namelist())
        missing = sorted(installed.shipped_sources - names)
        assert not missing, (
            "not in the wheel (a package-data pattern in pyproject.toml, or a package in "
            f"setup.py, is missing): {missing}"
        )

    def test_the_migrations_are_installed_inside_the_package(self, installed: Installation) -> None:
        with zipfile.ZipFile(installed.wheel) as wheel:
            names = set(wheel.namelist())
        assert {"backend/migrations/env.py", "backend/migrations/script.py.mako"} <= names
        assert any(name.startswith("backend/migrations/versions/") for name in names)
        assert not any(name.startswith(("migrations/", "tests/")) for name in names)

    def test_the_dockerfile_builds_from_the_same_files(self) -> None:
        dockerfile = (PROJECT_ROOT / "Dockerfile").read_text("utf-8")
        builder = dockerfile.split("FROM ", 2)[1]  # the first stage
        copied = {
            source
            for line in builder.splitlines()
            if line.startswith("COPY ") and "--from" not in line
            for source in line.split()[1:-1]
        }
        assert copied == set(BUILD_INPUTS)
        assert "pip wheel --no-deps" in builder


class TestServedFromTheInstalledPackage:
    """`slrt migrate` and `slrt run` from the new environment, on SQLite, in a directory elsewhere."""

    def test_the_packages_are_imported_from_the_new_environment(
        self, installed: Installation, workdir: Path
    ) -> None:
        script = (
            "import json, sys, backend, backend.migrations, bot, dialogs\n"
            "from backend.migrate import migrations_folder\n"
            "print(json.dumps({'files': [m.__file__ for m in "
            "(backend, backend.migrations, bot, dialogs)], "
            "'migrations': str(migrations_folder()), 'path': sys.path}))"
        )
        found = json.loads(
            _run([installed.python, "-c", script], workdir, clean_environment(workdir))
        )
        venv = installed.venv.resolve()
        for file in [*found["files"], found["migrations"]]:
            assert Path(file).resolve().is_relative_to(venv), file
        # The checkout is on no path, but for the dependencies' site-packages in its .venv.
        checkout, dependencies = PROJECT_ROOT.resolve(), sysconfig.get_path("purelib")
        in_checkout = [p for p in found["path"] if (workdir / p).resolve().is_relative_to(checkout)]
        assert in_checkout in ([], [dependencies])

    def test_it_migrates_and_serves_the_chat_the_panel_and_the_docs(
        self, installed: Installation, workdir: Path
    ) -> None:
        env = clean_environment(workdir)
        _run([installed.slrt, "init-env"], workdir, env)
        port = free_port()
        with (workdir / ".env").open("a", encoding="utf-8") as dotenv:
            dotenv.write(f"PORT={port}\nLOG_LEVEL=WARNING\n")
        migrated = _run([installed.slrt, "migrate"], workdir, env)
        assert "Database schema is up to date." in migrated
        assert (workdir / "var" / "slrt.db").is_file()
        with _serving(installed, workdir, env, port) as base:
            assert httpx.get(f"{base}/healthz").json() == {"status": "ok", "database": "ok"}
            chat = httpx.get(f"{base}/chat")
            assert chat.status_code == 200 and "/chat/static/chat.js" in chat.text
            for static in ("/chat/static/chat.js", "/chat/static/chat.css",
                           "/panel/static/panel.css", "/docs/static/swagger-init.js"):  # fmt: skip
                assert httpx.get(f"{base}{static}").status_code == 200, static
            login = httpx.get(f"{base}/panel/login")
            assert login.status_code == 200 and "<form" in login.text
            assert httpx.get(f"{base}/docs").status_code == 200


@contextlib.contextmanager
def _serving(
    installed: Installation, workdir: Path, env: dict[str, str], port: int
) -> Iterator[str]:
    """`slrt run` of the installation, answering 200 on /healthz, for a with block."""
    log = workdir / "slrt-run.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [installed.slrt, "run"], cwd=workdir, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(process, log, f"{base}/healthz")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def _wait_until_healthy(process: subprocess.Popen[bytes], log: Path, url: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"slrt run exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{url} did not answer 200 in {STARTUP_TIMEOUT_SECONDS} s:\n{log.read_text()}")
