"""The `slrt` command: migrate, create-user, init-env, local-telegram, placeholder secrets."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, inspect, select
from typer.testing import CliRunner, Result

from backend import cli as cli_module
from backend.cli import app
from backend.config import MIN_SECRET_LENGTH, PROJECT_ROOT, Settings, get_settings
from backend.db import create_engine, create_session_factory
from backend.models import Base
from backend.regions.models import Kelurahan
from backend.security.passwords import MIN_PASSWORD_LENGTH, verify_password
from backend.staff.models import Role, StaffUser
from tests.bot.conftest import free_port
from tests.fixtures.local_bot_api import DEFAULT_TOKEN

GOOD_PASSWORD = "kata-sandi-yang-panjang"
SEED_REPORT_OF_A_FRESH_DATABASE = (
    "Reference data: +6 kecamatan, +68 kelurahan, +9 agencies, +9 categories"
)
SEED_REPORT_OF_NOTHING_NEW = (
    "Reference data: +0 kecamatan, +0 kelurahan, +0 agencies, +0 categories"
)


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Every invocation reads its settings anew (get_settings is cached per process)."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner whose working directory has no .env to read."""
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def invoke(
    cli: CliRunner, database_url: str, *args: str, input: str | None = None, **env: str
) -> Result:
    """Runs `slrt ARGS` against the given database, the way a shell would."""
    environment = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "DATA_KEY": os.environ["DATA_KEY"],
        **env,
    }
    get_settings.cache_clear()
    try:
        return cli.invoke(app, list(args), input=input, env=environment)
    finally:
        get_settings.cache_clear()


async def _staff_users(database_url: str) -> list[StaffUser]:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            return list(await session.scalars(select(StaffUser).order_by(StaffUser.id)))
    finally:
        await engine.dispose()


def staff_users(database_url: str) -> list[StaffUser]:
    """Every staff account in the database."""
    return asyncio.run(_staff_users(database_url))


async def _table_names_and_kelurahan(database_url: str) -> tuple[set[str], int]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
            kelurahan = (
                await connection.execute(select(func.count()).select_from(Kelurahan))
            ).scalar_one()
            return tables, kelurahan
    finally:
        await engine.dispose()


def create_user(
    cli: CliRunner,
    database_url: str,
    email: str,
    role: str = "admin",
    password: str = GOOD_PASSWORD,
) -> Result:
    """Runs `slrt create-user --password-stdin` with the password on standard input."""
    return invoke(
        cli, database_url, "create-user", "--email", email, "--name", "Siti Rahmawati",
        "--role", role, "--password-stdin", input=password + "\n",
    )  # fmt: skip


class TestMigrate:
    """`slrt migrate` builds the schema and seeds reference data, idempotently."""

    def test_a_fresh_sqlite_file_gets_the_schema_and_the_seed(
        self, cli: CliRunner, tmp_path: Path
    ) -> None:
        database_url = f"sqlite+aiosqlite:///{tmp_path / 'var' / 'fresh.db'}"
        result = invoke(cli, database_url, "migrate")
        assert result.exit_code == 0, result.output
        assert "Database schema is up to date." in result.stdout
        assert SEED_REPORT_OF_A_FRESH_DATABASE in result.stdout
        tables, kelurahan = asyncio.run(_table_names_and_kelurahan(database_url))
        assert set(Base.metadata.tables) <= tables and "alembic_version" in tables
        assert kelurahan == 68

    def test_a_second_run_adds_nothing(self, cli: CliRunner, tmp_path: Path) -> None:
        database_url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
        assert invoke(cli, database_url, "migrate").exit_code == 0
        result = invoke(cli, database_url, "migrate")
        assert result.exit_code == 0, result.output
        assert SEED_REPORT_OF_NOTHING_NEW in result.stdout
        assert asyncio.run(_table_names_and_kelurahan(database_url))[1] == 68

    def test_seed_on_a_seeded_database_adds_nothing(
        self, cli: CliRunner, database_url: str
    ) -> None:
        result = invoke(cli, database_url, "seed")
        assert result.exit_code == 0, result.output
        assert SEED_REPORT_OF_NOTHING_NEW in result.stdout


class TestCreateUser:
    """`slrt create-user` makes a staff account with an argon2 hash of the password."""

    def test_creates_an_admin_whose_password_verifies(
        self, cli: CliRunner, database_url: str
    ) -> None:
        result = create_user(cli, database_url, "  Siti@DinsosBogor.go.id ")
        assert result.exit_code == 0, result.output
        assert "Created admin account siti@dinsosbogor.go.id" in result.stdout
        [user] = staff_users(database_url)
        assert (user.email, user.full_name, user.role) == (
            "siti@dinsosbogor.go.id", "Siti Rahmawati", Role.ADMIN,
        )  # fmt: skip
        assert user.is_active
        assert GOOD_PASSWORD not in user.password_hash
        assert verify_password(user.password_hash, GOOD_PASSWORD)
        assert not verify_password(user.password_hash, GOOD_PASSWORD + "x")

    def test_an_account_for_someone_else_must_change_its_password(
        self, cli: CliRunner, database_url: str
    ) -> None:
        assert create_user(cli, database_url, "siti@dinsosbogor.go.id").exit_code == 0
        result = invoke(
            cli, database_url, "create-user", "--email", "dewi@dinsosbogor.go.id", "--name",
            "Dewi Lestari", "--role", "back_office", "--password-stdin", "--must-change-password",
            input=GOOD_PASSWORD + "\n",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "must be changed at the first sign-in" in result.stdout
        owed = {user.email: user.password_must_change for user in staff_users(database_url)}
        assert owed == {"siti@dinsosbogor.go.id": False, "dewi@dinsosbogor.go.id": True}

    def test_a_duplicate_email_is_refused_with_a_message(
        self, cli: CliRunner, database_url: str
    ) -> None:
        assert create_user(cli, database_url, "siti@dinsosbogor.go.id").exit_code == 0
        result = create_user(cli, database_url, "SITI@dinsosbogor.go.id", role="back_office")
        assert result.exit_code != 0
        assert "siti@dinsosbogor.go.id already exists" in result.stderr
        assert [user.role for user in staff_users(database_url)] == [Role.ADMIN]

    def test_an_unknown_role_exits_2_naming_the_valid_roles(
        self, cli: CliRunner, database_url: str
    ) -> None:
        result = create_user(cli, database_url, "siti@dinsosbogor.go.id", role="superuser")
        assert result.exit_code == 2
        assert "Unknown role 'superuser'" in result.stderr
        for role in ("front_office", "back_office", "supervisor", "admin"):
            assert role in result.stderr
        assert staff_users(database_url) == []

    def test_a_too_short_password_is_refused(self, cli: CliRunner, database_url: str) -> None:
        short = "x" * (MIN_PASSWORD_LENGTH - 1)
        result = create_user(cli, database_url, "siti@dinsosbogor.go.id", password=short)
        assert result.exit_code != 0
        assert f"at least {MIN_PASSWORD_LENGTH} characters" in result.stderr
        assert staff_users(database_url) == []

    def test_a_password_of_exactly_the_minimum_length_is_taken(
        self, cli: CliRunner, database_url: str
    ) -> None:
        password = "y" * MIN_PASSWORD_LENGTH
        result = create_user(cli, database_url, "siti@dinsosbogor.go.id", password=password)
        assert result.exit_code == 0, result.output
        [user] = staff_users(database_url)
        assert verify_password(user.password_hash, password)


class TestInitEnv:
    """`slrt init-env` writes a private .env with fresh secrets, once."""

    def test_writes_two_different_long_secrets(self, cli: CliRunner, tmp_path: Path) -> None:
        path = tmp_path / ".env"
        result = cli.invoke(app, ["init-env", "--path", str(path)])
        assert result.exit_code == 0, result.output
        values = dict(
            line.split("=", 1) for line in path.read_text("utf-8").splitlines() if "=" in line
            and not line.startswith("#")
        )  # fmt: skip
        assert len(values["SECRET_KEY"]) >= MIN_SECRET_LENGTH
        assert len(values["DATA_KEY"]) >= MIN_SECRET_LENGTH
        assert values["SECRET_KEY"] != values["DATA_KEY"]
        assert "change-me" not in (values["SECRET_KEY"], values["DATA_KEY"])

    def test_keeps_every_other_line_of_the_example(self, cli: CliRunner, tmp_path: Path) -> None:
        path = tmp_path / ".env"
        assert cli.invoke(app, ["init-env", "--path", str(path)]).exit_code == 0
        example = (PROJECT_ROOT / ".env.example").read_text("utf-8").splitlines()
        written = path.read_text("utf-8").splitlines()
        assert len(written) == len(example)
        changed = [new for old, new in zip(example, written, strict=True) if old != new]
        assert [line.split("=", 1)[0] for line in changed] == ["SECRET_KEY", "DATA_KEY"]

    def test_the_file_is_readable_by_its_owner_only(self, cli: CliRunner, tmp_path: Path) -> None:
        path = tmp_path / ".env"
        assert cli.invoke(app, ["init-env", "--path", str(path)]).exit_code == 0
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

    def test_the_secrets_are_never_on_disk_readable_by_others(
        self, cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # DATA_KEY decrypts every stored NIK and KK: the file must be private from
        # its first byte, not made private after the secrets are already written.
        path = tmp_path / ".env"
        modes_while_written: list[int] = []
        write_text, write_bytes = Path.write_text, Path.write_bytes

        def spying_write_text(self: Path, *args: object, **kwargs: object) -> int:
            written = write_text(self, *args, **kwargs)  # type: ignore[arg-type]
            if self == path:
                modes_while_written.append(stat.S_IMODE(self.stat().st_mode))
            return written

        def spying_write_bytes(self: Path, *args: object, **kwargs: object) -> int:
            written = write_bytes(self, *args, **kwargs)  # type: ignore[arg-type]
            if self == path:
                modes_while_written.append(stat.S_IMODE(self.stat().st_mode))
            return written

        monkeypatch.setattr(Path, "write_text", spying_write_text)
        monkeypatch.setattr(Path, "write_bytes", spying_write_bytes)
        previous_umask = os.umask(0o022)  # the usual default on a server
        try:
            assert cli.invoke(app, ["init-env", "--path", str(path)]).exit_code == 0
        finally:
            os.umask(previous_umask)
        assert all(mode & 0o077 == 0 for mode in modes_while_written), [
            oct(mode) for mode in modes_while_written
        ]

    def test_a_second_run_leaves_the_file_unchanged(self, cli: CliRunner, tmp_path: Path) -> None:
        path = tmp_path / ".env"
        assert cli.invoke(app, ["init-env", "--path", str(path)]).exit_code == 0
        first = path.read_bytes()
        result = cli.invoke(app, ["init-env", "--path", str(path)])
        assert result.exit_code == 0, result.output
        assert "leaving it as it is" in result.stdout
        assert path.read_bytes() == first
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

    def test_the_written_file_is_accepted_by_the_settings(
        self, cli: CliRunner, tmp_path: Path
    ) -> None:
        path = tmp_path / ".env"
        assert cli.invoke(app, ["init-env", "--path", str(path)]).exit_code == 0
        # Environment variables outrank the file; take them out to read the file alone.
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("SECRET_KEY")
            patch.delenv("DATA_KEY")
            patch.delenv("DATABASE_URL", raising=False)
            settings = Settings(_env_file=path)
        assert len(settings.secret_key.get_secret_value()) >= MIN_SECRET_LENGTH

    def test_it_runs_even_while_the_secrets_are_placeholders(
        self, cli: CliRunner, tmp_path: Path
    ) -> None:
        # init-env is how a newcomer gets rid of the placeholders, so it cannot refuse them.
        path = tmp_path / ".env"
        result = cli.invoke(app, ["init-env", "--path", str(path)], env={"SECRET_KEY": "change-me"})
        assert result.exit_code == 0, result.output
        assert path.exists()


class TestPlaceholderSecrets:
    """Every command that touches data refuses a placeholder SECRET_KEY with exit code 2."""

    @pytest.mark.parametrize(
        "args",
        [
            ["migrate"],
            ["seed"],
            ["run"],
            ["create-user", "--email", "siti@dinsosbogor.go.id", "--name", "Siti",
             "--role", "admin", "--password-stdin"],
        ],
        ids=lambda args: args[0],
    )  # fmt: skip
    @pytest.mark.parametrize("placeholder", ["change-me", "", "too-short-0123456789"])
    def test_a_placeholder_secret_key_is_a_configuration_error(
        self, cli: CliRunner, tmp_path: Path, args: list[str], placeholder: str
    ) -> None:
        database_url = f"sqlite+aiosqlite:///{tmp_path / 'untouched.db'}"
        result = invoke(
            cli, database_url, *args, input=GOOD_PASSWORD + "\n", SECRET_KEY=placeholder
        )
        assert result.exit_code == 2, result.output
        assert "Configuration error" in result.stderr
        assert "SECRET_KEY" in result.stderr
        assert not (tmp_path / "untouched.db").exists()

    def test_a_placeholder_data_key_is_refused_too(self, cli: CliRunner, tmp_path: Path) -> None:
        database_url = f"sqlite+aiosqlite:///{tmp_path / 'untouched.db'}"
        result = invoke(cli, database_url, "migrate", DATA_KEY="change-me")
        assert result.exit_code == 2
        assert "Configuration error" in result.stderr and "DATA_KEY" in result.stderr


class TestLocalTelegram:
    """`slrt local-telegram` serves the test kit's Bot API from a checkout, and says so without one."""

    def test_the_console_script_serves_it_from_outside_the_checkout(self, tmp_path: Path) -> None:
        # The installed script's path has the packages but not the checkout's tests/.
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        log = tmp_path / "local-telegram.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                [str(Path(sys.executable).with_name("slrt")), "local-telegram", "--port", str(port)],
                cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            me = _get_me_once_up(f"http://127.0.0.1:{port}/bot{DEFAULT_TOKEN}/getMe", process, log)
        finally:
            process.terminate()
            process.wait(20)
        assert me["ok"] and me["result"]["is_bot"]

    def test_without_a_checkout_it_names_what_is_missing(
        self, cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(cli_module, "PROJECT_ROOT", tmp_path / "site-packages")
        result = cli.invoke(app, ["local-telegram", "--port", str(free_port())])
        assert result.exit_code == 1
        assert "needs a source checkout" in result.stderr
        assert "tests/fixtures/local_bot_api/" in result.stderr


class TestLocalWhatsApp:
    """`slrt local-whatsapp` serves the WhatsApp stand-in from a checkout and prints its settings."""

    def test_the_console_script_serves_it_and_prints_the_settings(self, tmp_path: Path) -> None:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        log = tmp_path / "local-whatsapp.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                [str(Path(sys.executable).with_name("slrt")), "local-whatsapp", "--port", str(port)],
                cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            settings = _settings_once_printed(log, process)
            answer = httpx.get(
                f"{settings['WHATSAPP_API_URL']}/v23.0/123",
                headers={"Authorization": f"Bearer {settings['WHATSAPP_ACCESS_TOKEN']}"},
            )
        finally:
            process.terminate()
            process.wait(20)
        assert settings["WHATSAPP_API_URL"] == f"http://127.0.0.1:{port}"
        assert {"WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"} <= set(
            settings
        )
        assert answer.status_code == 404 and answer.json()["error"]["code"] == 131053

    def test_without_a_checkout_it_names_what_is_missing(
        self, cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(cli_module, "PROJECT_ROOT", tmp_path / "site-packages")
        result = cli.invoke(app, ["local-whatsapp", "--port", str(free_port())])
        assert result.exit_code == 1
        assert "tests/fixtures/local_whatsapp/" in result.stderr


def _settings_once_printed(log: Path, process: subprocess.Popen[bytes]) -> dict[str, str]:
    """The KEY=value lines the stand-in prints once it serves; fails with its output if never."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        lines = log.read_text().splitlines()
        if any("act as people" in line for line in lines):
            pairs = (line.strip().split("=", 1) for line in lines if "=" in line)
            return {key: value for key, value in pairs}
        time.sleep(0.1)
    raise AssertionError(f"slrt local-whatsapp did not start: {log.read_text()}")


def _get_me_once_up(url: str, process: subprocess.Popen[bytes], log: Path) -> dict[str, object]:
    """getMe from the server as soon as it answers; fails with its output if it never does."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            return httpx.get(url, timeout=1).json()
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError(f"slrt local-telegram did not answer: {log.read_text()}")
