"""The deployment files name only real settings and real `slrt` commands, and agree.

compose.yaml, the systemd units and their environment file, the Dockerfile and the
Caddyfile are not run here (no container daemon, no systemd), so what can drift is
checked: a setting renamed in backend/config.py, a command renamed in backend/cli.py,
the proxy's address and FORWARDED_ALLOW_IPS, the hardening the units promise.
"""

from __future__ import annotations

import configparser
import re
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml

from backend.cli import app
from backend.config import PROJECT_ROOT, Settings

COMPOSE = PROJECT_ROOT / "compose.yaml"
SYSTEMD = PROJECT_ROOT / "deploy" / "systemd"
SLRT_SERVICES = ("migrate", "web", "notifier")
SETTINGS = {name.upper() for name in Settings.model_fields}
COMMANDS = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def compose() -> dict[str, Any]:
    """compose.yaml, with its YAML anchors and merge keys resolved."""
    return yaml.safe_load(COMPOSE.read_text("utf-8"))


def unit(name: str) -> configparser.ConfigParser:
    """A systemd unit file, read as the INI file it is (keys keep their case)."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((SYSTEMD / name).read_text("utf-8"))
    return parser


def env_file_names(path: Path) -> set[str]:
    """The variables an environment file sets."""
    lines = path.read_text("utf-8").splitlines()
    return {line.split("=", 1)[0] for line in lines if re.match(r"^[A-Z_]+=", line)}


def slrt_subcommand(command: str) -> str:
    """The subcommand of an `…/slrt SUBCOMMAND …` command line (inside `sh -c` too)."""
    found = re.search(r"(?:^|[\s/'])slrt\s+([a-z][a-z-]*)", command)
    assert found, f"no slrt command in {command!r}"
    return found[1]


class TestCompose:
    """compose.yaml: the service's processes, one migration first, Caddy in front."""

    @pytest.mark.parametrize("service", SLRT_SERVICES)
    def test_every_variable_it_sets_is_a_setting(self, service: str) -> None:
        environment = compose()["services"][service]["environment"]
        assert set(environment) <= SETTINGS, set(environment) - SETTINGS

    @pytest.mark.parametrize("service", SLRT_SERVICES)
    def test_every_command_it_runs_is_an_slrt_command(self, service: str) -> None:
        assert compose()["services"][service]["command"][0] in COMMANDS

    def test_the_processes_wait_for_the_migration(self) -> None:
        services = compose()["services"]
        for name in ("web", "notifier"):
            condition = services[name]["depends_on"]["migrate"]["condition"]
            assert condition == "service_completed_successfully"

    def test_only_caddy_publishes_ports(self) -> None:
        services = compose()["services"]
        assert [name for name, service in services.items() if "ports" in service] == ["caddy"]

    def test_the_service_believes_forwarded_for_from_caddy_alone(self) -> None:
        services = compose()["services"]
        caddy_address = services["caddy"]["networks"]["internal"]["ipv4_address"]
        assert services["web"]["environment"]["FORWARDED_ALLOW_IPS"] == caddy_address

    def test_caddy_forwards_to_the_web_service_on_its_port(self) -> None:
        caddyfile = (PROJECT_ROOT / "deploy" / "Caddyfile").read_text("utf-8")
        assert re.search(r"reverse_proxy web:8000\b", caddyfile)
        assert "8000" in compose()["services"]["web"]["expose"]

    def test_web_and_notifier_share_the_stored_files(self) -> None:
        services = compose()["services"]
        for name in ("web", "notifier"):
            assert "files:/var/lib/slrt/files" in services[name]["volumes"]
            assert services[name]["environment"]["FILES_DIR"] == "/var/lib/slrt/files"


class TestSystemdUnits:
    """deploy/systemd: real commands and settings, and the hardening promised."""

    @pytest.mark.parametrize(
        "name", ["slrt-web.service", "slrt-notifier.service", "slrt-backup.service"]
    )
    def test_every_command_is_an_slrt_command(self, name: str) -> None:
        service = unit(name)["Service"]
        for key in ("ExecStartPre", "ExecStart"):
            if key in service:
                assert slrt_subcommand(service[key]) in COMMANDS

    @pytest.mark.parametrize(
        "name", ["slrt-web.service", "slrt-notifier.service", "slrt-backup.service"]
    )
    def test_it_runs_unprivileged_and_writes_only_its_own_folders(self, name: str) -> None:
        service = unit(name)["Service"]
        assert service["User"] == "slrt"
        assert service["NoNewPrivileges"] == "yes"
        assert service["ProtectSystem"] == "strict"
        assert "/var/lib/slrt" in service["ReadWritePaths"].split()
        assert service["EnvironmentFile"] == "/etc/slrt/slrt.env"

    def test_the_environment_file_names_settings_only(self) -> None:
        names = env_file_names(SYSTEMD / "slrt.env.example")
        assert names <= SETTINGS, names - SETTINGS
        assert {"DATABASE_URL", "SECRET_KEY", "DATA_KEY", "FILES_DIR"} <= names

    def test_files_dir_lies_where_the_units_may_write(self) -> None:
        lines = (SYSTEMD / "slrt.env.example").read_text("utf-8").splitlines()
        files_dir = next(line.split("=", 1)[1] for line in lines if line.startswith("FILES_DIR="))
        assert Path(files_dir).is_relative_to("/var/lib/slrt")


class TestDockerfile:
    """The image sets only real settings."""

    def test_the_settings_it_fixes_are_settings(self) -> None:
        dockerfile = (PROJECT_ROOT / "Dockerfile").read_text("utf-8")
        (line,) = [line for line in dockerfile.splitlines() if line.startswith("ENV ENVIRONMENT=")]
        names = {pair.split("=", 1)[0] for pair in line.removeprefix("ENV ").split()}
        assert names <= SETTINGS, names - SETTINGS
