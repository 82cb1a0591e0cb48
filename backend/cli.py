"""The `slrt` command line."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import secrets
import signal
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError

from backend.config import PROJECT_ROOT, Settings, get_settings
from backend.errors import DomainError
from backend.event_loop import run_service
from backend.heap import settle_heap

if TYPE_CHECKING:
    from fastapi import FastAPI

    from backend.privacy.access_report import IdentityAccess
    from backend.privacy.retention import RetentionRun
    from backend.registry.importer import ImportReport
    from backend.staff.models import Role

# The stand-in Telegram server lives in the test kit, which the wheel does not ship.
LOCAL_BOT_API = Path("tests", "fixtures", "local_bot_api")
LOCAL_WHATSAPP = Path("tests", "fixtures", "local_whatsapp")

app = typer.Typer(help="SLRT Intake: complaint intake and referral service.", no_args_is_help=True)


def _settings() -> Settings:
    from backend.security.log_guard import install_log_guard

    install_log_guard()  # every command starts here: no log line of it carries a NIK
    try:
        return get_settings()
    except ValidationError as error:
        messages = "; ".join(
            str(item["msg"]).removeprefix("Value error, ") for item in error.errors()
        )
        typer.secho(f"Configuration error: {messages}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None


async def _seed(settings: Settings) -> None:
    from backend.db import create_engine, unit_of_work
    from backend.reference.seed import seed_reference_data
    from backend.sessions import service_sessions

    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(service_sessions(engine, settings)) as session:
            report = await seed_reference_data(session)
    finally:
        await engine.dispose()
    typer.echo(
        f"Reference data: +{report.kecamatan} kecamatan, +{report.kelurahan} kelurahan, "
        f"+{report.agencies} agencies, +{report.categories} categories, "
        f"+{report.info_pages} information pages"
    )


@app.command()
def migrate() -> None:
    """Upgrade the database schema to the latest revision and seed reference data."""
    from backend.migrate import upgrade

    settings = _settings()
    upgrade(settings.database_url)
    typer.echo("Database schema is up to date.")
    asyncio.run(_seed(settings))


@app.command()
def seed() -> None:
    """Seed reference data (regions, agencies, categories); safe to run again."""
    asyncio.run(_seed(_settings()))


@app.command()
def run(
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, max=64,
            help="Processes serving requests (PostgreSQL only above 1); one sends status "
            "messages, chosen among them",
        ),
    ] = 1,
) -> None:  # fmt: skip
    """Serve the panel, the API and the channels on HOST:PORT."""
    import uvicorn

    from backend.observability.multiprocess import prepare_multiprocess_dir

    settings = _settings()
    refusal = workers_refusal(settings, workers)
    if refusal is not None:
        typer.secho(refusal, fg=typer.colors.RED, err=True)
        raise typer.Exit(2)
    if workers > 1:
        # The workers' counters add up in one scrape (prometheus_client's multiprocess
        # mode): a fresh directory per start, before anything imports the metrics.
        prepare_multiprocess_dir()

    typer.echo("\n".join(asyncio.run(_welcome(settings))))
    if workers == 1:
        uvicorn.run(served_app(settings), **server_options(settings))
        return
    if settings.redis_url is None:
        typer.secho(
            "REDIS_URL is not set: each worker keeps its own rate limits and failed-update "
            "counts (a client gets up to N times the limits).",
            fg=typer.colors.YELLOW, err=True,
        )  # fmt: skip
    # Each worker builds its own app from the environment and .env, as this process did.
    uvicorn.run("backend.cli:served_app", factory=True, workers=workers, **server_options(settings))


def served_app(settings: Settings | None = None) -> FastAPI:
    """The app `slrt run` serves, its heap settled once built; each worker of
    `slrt run --workers N` builds its own, with the settings of the environment."""
    from backend.app import create_app

    served = create_app(settings)
    settle_heap()
    return served


def workers_refusal(settings: Settings, workers: int) -> str | None:
    """Why the service cannot run with this many worker processes, or None if it can."""
    if workers == 1:
        return None
    if settings.is_sqlite:
        return (
            f"--workers {workers} needs PostgreSQL (DATABASE_URL=postgresql+asyncpg://...): "
            "SQLite is the one-process default. Run `slrt run` without --workers."
        )
    if settings.telegram_bot_token is not None and settings.telegram_mode == "polling":
        return (
            f"--workers {workers} with TELEGRAM_MODE=polling: only one process may ask "
            "Telegram for updates. Set TELEGRAM_MODE=webhook (with TELEGRAM_WEBHOOK_URL and "
            "TELEGRAM_WEBHOOK_SECRET) to serve the bot from every worker."
        )
    return None


def server_options(settings: Settings) -> dict[str, Any]:
    """What `slrt run` tells uvicorn: where to listen, whose X-Forwarded-For to believe, how to log.

    Only the peers in FORWARDED_ALLOW_IPS (a reverse proxy) may name the client's
    address; from anyone else the header is ignored and the peer's own address is
    the client's, for rate limits and audit records alike. uvicorn applies the logging
    configuration (LOG_FORMAT) in each process it starts; in JSON mode its access line,
    which holds the raw path, gives way to the service's own (`slrt.access`).
    """
    from backend.app import SHUTDOWN_GRACE_SECONDS
    from backend.observability.logs import logging_config

    return {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level.lower(),
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        "timeout_graceful_shutdown": SHUTDOWN_GRACE_SECONDS,
        "log_config": logging_config(settings),
        "access_log": not settings.logs_as_json,
    }


async def _welcome(settings: Settings) -> list[str]:
    from backend import models  # noqa: F401  (every table, so foreign keys resolve)
    from backend.db import create_engine, unit_of_work
    from backend.first_run import demo_account_if_needed, welcome_lines
    from backend.sessions import service_sessions

    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(service_sessions(engine, settings)) as session:
            demo = await demo_account_if_needed(session, settings)
    finally:
        await engine.dispose()
    return welcome_lines(settings, demo)


@app.command("create-user")
def create_user(
    email: Annotated[str, typer.Option(help="Sign-in email address")],
    name: Annotated[str, typer.Option(help="Full name")],
    role: Annotated[str, typer.Option(help="front_office, back_office, supervisor, admin")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
    totp_secret: Annotated[
        str | None,
        typer.Option(
            "--totp-secret",
            help="Turn two-factor sign-in on with this base32 secret (RFC 6238: 30 s, 6 digits), "
            "so automation can compute the codes; at least 128 bits",
        ),
    ] = None,
    must_change_password: Annotated[
        bool,
        typer.Option(
            "--must-change-password",
            help="The person changes this password at their first sign-in "
            "(for an account made for someone else)",
        ),
    ] = False,
    area: Annotated[
        list[str] | None,
        typer.Option(
            "--area",
            help="Limit the account to this kecamatan (32.71.04) or kelurahan (32.71.04.1003) "
            "code of the region data; repeat for more; without it the whole city",
        ),
    ] = None,
) -> None:
    """Create a staff account; the password is asked for, or read from stdin.

    Supervisors and admins made without --totp-secret set up two-factor sign-in in the
    panel at their first sign-in. With --must-change-password the password is changed
    first: whoever ran this command knows it. Each --area limits the account to a
    kecamatan or kelurahan (docs/areas.md).
    """
    from backend.staff.models import Role
    from backend.staff.totp import normalise_secret

    # Facilitator accounts are made by invitation (`slrt invite-facilitator`), not here.
    staff_roles = [r for r in Role if r != Role.FACILITATOR]
    try:
        staff_role = Role(role)
        if staff_role not in staff_roles:
            raise ValueError(role)
    except ValueError:
        typer.secho(
            f"Unknown role '{role}'; use one of: {', '.join(r.value for r in staff_roles)}",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(2) from None
    try:
        secret = normalise_secret(totp_secret) if totp_secret is not None else None
    except DomainError as error:
        typer.secho(error.message, fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = _settings()
    try:
        user_id = asyncio.run(
            _create_user(
                settings, email, name, staff_role, password, secret,
                must_change_password=must_change_password, areas=area or [],
            )
        )  # fmt: skip
    except DomainError as error:
        typer.secho(error.message, fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Created {staff_role.value} account {email.strip().lower()} (id {user_id}).")
    if secret is not None:
        typer.echo("Two-factor sign-in is on with the given secret.")
    if must_change_password:
        typer.echo("The password must be changed at the first sign-in.")
    if area:
        typer.echo(f"Limited to the areas {', '.join(sorted(set(area)))}.")


async def _create_user(
    settings: Settings,
    email: str,
    name: str,
    role: Role,
    password: str,
    totp_secret: str | None,
    *,
    must_change_password: bool = False,
    areas: list[str] | None = None,
) -> int:
    from backend.actors import SYSTEM
    from backend.db import create_engine, unit_of_work
    from backend.security.crypto import vault_for
    from backend.sessions import service_sessions
    from backend.staff.areas import set_areas
    from backend.staff.service import create_staff_user
    from backend.staff.totp import set_up_with_secret

    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(service_sessions(engine, settings)) as session:
            user = await create_staff_user(
                session,
                email=email,
                full_name=name,
                role=role,
                password=password,
            )
            user.password_must_change = must_change_password
            if totp_secret is not None:
                vault = vault_for(settings.data_key.get_secret_value())
                set_up_with_secret(session, user, vault, totp_secret)
            if areas:
                # An unknown code refuses the whole account: nothing is created.
                await set_areas(session, user, areas, SYSTEM)
            return user.id
    finally:
        await engine.dispose()


@app.command("invite-facilitator")
def invite_facilitator(
    name: Annotated[str, typer.Option(help="The facilitator's full name")],
    phone: Annotated[str, typer.Option(help="The facilitator's phone number (08… or +62…)")],
    kelurahan: Annotated[
        str, typer.Option(help="The kelurahan covered: code (32.71.04.1003) or name")
    ],
) -> None:
    """Register a facilitator and print a one-time invitation link to their Telegram."""
    settings = _settings()
    try:
        lines = asyncio.run(_invite_facilitator(settings, name, phone, kelurahan))
    except DomainError as error:
        typer.secho(error.message, fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    typer.echo("\n".join(lines))


async def _invite_facilitator(
    settings: Settings, name: str, phone: str, kelurahan: str
) -> list[str]:
    from datetime import timedelta

    from backend import models  # noqa: F401  (every table, so foreign keys resolve)
    from backend.clock import LOCAL_ZONE
    from backend.db import create_engine, unit_of_work
    from backend.facilitators.command_line import invite_from_command_line
    from backend.facilitators.links import deep_link
    from backend.sessions import service_sessions
    from bot.telegram.username import bot_username

    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(service_sessions(engine, settings)) as session:
            result = await invite_from_command_line(
                session, name=name, phone=phone, kelurahan=kelurahan,
                valid_for=timedelta(hours=settings.facilitator_invitation_hours),
            )  # fmt: skip
    finally:
        await engine.dispose()
    username = await bot_username(settings)
    who = result.facilitator
    until = result.expires_at.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M WIB")
    lines = [
        f"{'Registered' if result.created else 'Already registered'}: {who.full_name} "
        f"(id {who.id}, {who.phone}), Kel. {result.kelurahan.name} ({result.kelurahan.code})",
        f"One-time invitation link, valid until {until}; any earlier link no longer works:",
        deep_link(username, result.payload),
    ]
    if username is None:
        lines.append("(Set TELEGRAM_BOT_USERNAME or TELEGRAM_BOT_TOKEN for a t.me link; "
                     "meanwhile the facilitator types the command above to the bot.)")  # fmt: skip
    return lines


@app.command("import-registry")
def import_registry(
    file: Annotated[
        Path, typer.Argument(help="DTKS/DTSEN export, CSV or XLSX", exists=True, dir_okay=False)
    ],
    report: Annotated[
        Path | None,
        typer.Option(
            help="Report of rejected rows (CSV); default FILE-laporan-impor.csv beside FILE"
        ),
    ] = None,
    source: Annotated[str, typer.Option(help="DTSEN or DTKS")] = "DTSEN",
    workers: Annotated[
        int,
        typer.Option(
            min=0,
            max=16,
            help="Worker processes to check, hash and encrypt rows (0: none); only on idle cores",
        ),
    ] = 0,
) -> None:
    """Import a DTKS/DTSEN export into the local registry extract, in one transaction."""
    from backend.registry.importer import SOURCES
    from backend.registry.report import default_report_path, summary_lines, write_report

    if source.upper() not in SOURCES:
        typer.secho(f"Sumber tidak dikenal / unknown source '{source}': {', '.join(SOURCES)}",
                    fg=typer.colors.RED, err=True)  # fmt: skip
        raise typer.Exit(2)
    settings = _settings()
    try:
        result = asyncio.run(_import_registry(settings, file, source.upper(), workers))
    except DomainError as error:
        typer.secho(
            f"Impor dibatalkan, tidak ada yang berubah / import cancelled, nothing changed: "
            f"{error.message}",
            fg=typer.colors.RED, err=True,
        )  # fmt: skip
        raise typer.Exit(1) from None
    typer.echo(f"Impor selesai / import finished: {file.name} ({result.source})")
    for line in summary_lines(result):
        typer.echo(f"  {line}")
    report_path = report or default_report_path(file)
    try:
        write_report(result, report_path)
    except OSError as error:
        # The import is committed; its problems stay with it (panel: admin, registry import).
        typer.secho(
            f"Laporan tidak dapat ditulis / the report could not be written ({error}); "
            f"lihat impor #{result.import_id} di panel / see import #{result.import_id} in the panel",
            fg=typer.colors.RED, err=True,
        )  # fmt: skip
        raise typer.Exit(1) from None
    typer.echo(f"Laporan / report: {report_path}")


async def _import_registry(
    settings: Settings, file: Path, source: str, workers: int = 0
) -> ImportReport:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from backend import models  # noqa: F401  (every table, so foreign keys resolve)
    from backend.actors import SYSTEM
    from backend.db import create_engine, unit_of_work
    from backend.registry.importer import import_registry as run_import
    from backend.security.crypto import vault_for
    from backend.sessions import service_sessions

    vault = vault_for(settings.data_key.get_secret_value())
    console = Console(stderr=True)
    engine = create_engine(settings.database_url)
    try:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, disable=not console.is_terminal,
        ) as bar:  # fmt: skip
            task = bar.add_task("Mengimpor / importing", total=None)

            def progress(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

            async with unit_of_work(service_sessions(engine, settings)) as session:
                return await run_import(
                    session,
                    vault,
                    file,
                    actor=SYSTEM,
                    source=source,
                    progress=progress,
                    workers=workers,
                )
    finally:
        await engine.dispose()


@app.command()
def bot() -> None:
    """Run the Telegram bot alone (long polling), without the panel and API."""
    settings = _settings()
    if settings.telegram_bot_token is None:
        typer.secho("Set TELEGRAM_BOT_TOKEN to run the bot.", fg=typer.colors.RED, err=True)
        raise typer.Exit(2)
    if settings.telegram_mode == "webhook":
        typer.secho(
            "TELEGRAM_MODE=webhook: updates arrive at POST /telegram/webhook of `slrt run`.",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(2)
    run_service(_bot(settings))


async def _bot(settings: Settings) -> None:
    from backend import models  # noqa: F401  (every table, so foreign keys resolve)
    from backend.db import service_engine
    from backend.sessions import service_sessions
    from bot.notifier.bell import OutboxBell
    from bot.notifier.runtime import run_notifier
    from bot.telegram.runtime import InvalidBotToken, start_bot

    engine = service_engine(settings)
    sessions = service_sessions(engine, settings)
    # The bot's answers are sent by the notifier: one runs here too (elected, so beside
    # `slrt run` or `slrt notifier` only one of them sends).
    bell = OutboxBell()
    try:
        running = await start_bot(settings, sessions, bell=bell)
    except InvalidBotToken as error:
        await engine.dispose()
        typer.secho(str(error), fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    notifier_stop = asyncio.Event()
    notifier = asyncio.create_task(
        run_notifier(settings, engine, sessions, notifier_stop, bell=bell)
    )
    # A service manager (systemd, `docker stop`) stops it with SIGTERM: as on Ctrl+C, the
    # updates being processed finish and the last offset is confirmed to Telegram.
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, running.stop.set)
    settle_heap()
    typer.echo(f"Bot @{running.username} is polling {settings.telegram_api_url}. Ctrl+C stops it.")
    try:
        await running.stop.wait()
    finally:
        await running.shutdown()
        notifier_stop.set()
        await asyncio.gather(notifier, return_exceptions=True)
        await engine.dispose()


@app.command()
def notifier() -> None:
    """Run the notifier alone: sends status messages and the bot's answers (one active per database)."""
    run_service(_notifier(_settings()))


async def _notifier(settings: Settings) -> None:
    from backend import models  # noqa: F401  (every table, so foreign keys resolve)
    from backend.db import service_engine
    from backend.observability.logs import configure_logging
    from backend.sessions import service_sessions
    from bot.notifier.runtime import run_notifier
    from bot.web.wakeups import webchat_hub_for

    configure_logging(settings)  # LOG_FORMAT and LOG_LEVEL, as `slrt run` has them
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    engine = service_engine(settings)
    # On standard error, like the logs: a supervisor's journal shows when it could be stopped.
    typer.echo("Notifier started; it sends once it is the active one. Ctrl+C stops it.", err=True)
    settle_heap()
    try:
        # Its hub only announces (NOTIFY): the pages wait in the web workers.
        await run_notifier(
            settings, engine, service_sessions(engine, settings), stop,
            web_hub=webchat_hub_for(engine),
        )  # fmt: skip
    finally:
        await engine.dispose()


@app.command()
def outbox(
    ticket: Annotated[
        str | None, typer.Argument(help="Show the messages about this ticket")
    ] = None,
    failed: Annotated[
        bool, typer.Option("--failed", help="Show the messages parked after their last try")
    ] = False,
    requeue: Annotated[
        list[int] | None, typer.Option(help="Send this parked message again (repeatable)")
    ] = None,
) -> None:
    """Status messages: what was sent about a ticket, what failed, and sending it again."""
    if not (ticket or failed or requeue):
        typer.secho("Give a TICKET, --failed or --requeue ID.", fg=typer.colors.RED, err=True)
        raise typer.Exit(2)
    lines = asyncio.run(_outbox(_settings(), ticket, failed, requeue or []))
    typer.echo("\n".join(lines))


async def _outbox(
    settings: Settings, ticket: str | None, failed: bool, requeue: list[int]
) -> list[str]:
    from backend import models  # noqa: F401  (every table, so foreign keys resolve)
    from backend.casefiles.repository import get_by_ticket
    from backend.casefiles.tickets import normalise_ticket
    from backend.clock import utcnow
    from backend.db import create_engine, unit_of_work
    from backend.notifications.outcomes import requeue as requeue_messages
    from backend.notifications.report import complaint_deliveries, failed_deliveries
    from backend.sessions import service_sessions

    engine = create_engine(settings.database_url)
    lines: list[str] = []
    try:
        async with unit_of_work(service_sessions(engine, settings)) as session:
            if requeue:
                count = await requeue_messages(session, requeue, utcnow())
                lines.append(f"{count} of {len(requeue)} messages queued again.")
            if ticket:
                complaint = await get_by_ticket(session, normalise_ticket(ticket) or ticket)
                if complaint is None:
                    lines.append(f"No complaint has the ticket {ticket}.")
                else:
                    lines.extend(
                        await complaint_deliveries(session, complaint.id) or ["No messages yet."]
                    )
            if failed:
                lines.extend(await failed_deliveries(session) or ["No failed messages."])
    finally:
        await engine.dispose()
    return lines


@app.command()
def retention(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count what is due, change nothing")
    ] = False,
    apply: Annotated[
        bool, typer.Option("--apply", help="Delete and pseudonymise what is due")
    ] = False,
) -> None:
    """Apply the retention policy (UU 27/2022), or count what is due with --dry-run; audited."""
    if dry_run == apply:
        typer.secho("Pilih salah satu / choose one: --dry-run atau / or --apply",
                    fg=typer.colors.RED, err=True)  # fmt: skip
        raise typer.Exit(2)
    run = asyncio.run(_retention(_settings(), apply=apply))
    typer.echo("\n".join(_retention_lines(run)))


@app.command()
def digest(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the digests it would send now, send nothing")
    ] = False,
    at: Annotated[
        str | None,
        typer.Option("--at", help="As if at this moment (ISO 8601, e.g. 2026-12-07T08:00+07:00)"),
    ] = None,
) -> None:
    """Send today's morning digests to staff now (once per person per working day)."""
    from datetime import datetime

    from backend.clock import utcnow

    try:
        now = datetime.fromisoformat(at) if at else utcnow()
    except ValueError:
        typer.secho(f"--at: not a date and time: {at}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    if now.tzinfo is None:
        typer.secho("--at needs a time zone (+07:00 for WIB)", fg=typer.colors.RED, err=True)
        raise typer.Exit(2)
    typer.echo(asyncio.run(_digest(_settings(), now, dry_run=dry_run)))


async def _digest(settings: Settings, now: Any, *, dry_run: bool) -> str:
    from functools import partial

    from backend import models  # noqa: F401  (every table, so foreign keys resolve)
    from backend.casefiles.sla import is_working_day
    from backend.clock import local_date
    from backend.db import create_engine
    from backend.digests.compose import digest_text
    from backend.digests.job import preview_digests, send_digests
    from backend.sessions import service_sessions
    from backend.staff_alerts.texts import both_languages

    day = local_date(now)
    if not is_working_day(day):
        return f"{day}: bukan hari kerja, tidak ada ringkasan / not a working day, no digests"
    panel_url = f"{settings.public_base}/panel"
    engine = create_engine(settings.database_url)
    try:
        sessions = service_sessions(engine, settings)
        if not dry_run:
            outcomes = await send_digests(sessions, now, panel_url=panel_url, ignore_hour=True)
            lines = [
                f"{o.digest.user.email}: {o.channel.value if o.channel else 'kosong / empty'}"
                for o in outcomes
            ]
            return "\n".join([f"{day}: {len(lines)} ringkasan / digests", *lines])
        async with sessions() as session:  # read only: rolled back when it closes
            previews = await preview_digests(session, now)
    finally:
        await engine.dispose()
    parts = [f"{day}: uji coba, tidak ada yang dikirim / dry run, nothing sent"]
    for preview in previews:
        found = preview.digest
        head = f"== {found.user.full_name} <{found.user.email}> ({found.user.role.value})"
        if preview.sent_already:
            parts.append(f"{head}: sudah dikirim hari ini / already sent today")
        elif not found.item_count:
            parts.append(f"{head}: kosong, tidak dikirim / empty, not sent")
        else:
            text = both_languages(partial(digest_text, found, panel_url=panel_url))
            parts.append(f"{head}, lewat / by {preview.channel.value}\n{text}")
    return "\n\n".join(parts)


async def _retention(settings: Settings, *, apply: bool) -> RetentionRun:
    from backend import models  # noqa: F401  (every table, so foreign keys resolve)
    from backend.clock import utcnow
    from backend.db import create_engine, unit_of_work
    from backend.privacy.retention import RetentionPolicy, apply_retention, due_retention
    from backend.sessions import service_sessions

    policy = RetentionPolicy.from_settings(settings)
    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(service_sessions(engine, settings)) as session:
            run_policy = apply_retention if apply else due_retention
            return await run_policy(session, policy, utcnow())
    finally:
        await engine.dispose()


def _retention_lines(run: RetentionRun) -> list[str]:
    from backend.clock import local_date

    counts, cutoffs = run.counts, run.cutoffs
    if run.dry_run:
        title = "Uji coba, tidak ada yang diubah / dry run, nothing changed. Jatuh tempo / due:"
    else:
        title = "Kebijakan retensi diterapkan / retention policy applied:"
    return [
        title,
        f"  transkrip web chat / web chat transcripts: {counts.web_chats} percakapan / chats, "
        f"{counts.web_chat_messages} pesan / messages "
        f"(pesan terakhir sebelum / last message before {local_date(cutoffs.web_chat)})",
        f"  pengaduan dipseudonimkan / complaints pseudonymised: {counts.complaints} "
        f"(selesai sebelum / finished before {local_date(cutoffs.personal_data)})",
        f"  warga dipseudonimkan / citizens pseudonymised: {counts.citizens}",
        f"  lampiran dihapus / attachments removed: {counts.attachments}, "
        f"berkas / files: {counts.files} "
        f"(selesai sebelum / finished before {local_date(cutoffs.attachments)})",
        f"  unggahan yang tidak pernah dikirim / uploads never filed: {counts.abandoned_uploads}",
    ]


@app.command("audit")
def audit_report(
    since: Annotated[str, typer.Option(help="First day, YYYY-MM-DD (WIB)")],
    until: Annotated[
        str | None, typer.Option(help="Last day, YYYY-MM-DD (WIB); default today")
    ] = None,
    staff: Annotated[str | None, typer.Option(help="Only this staff account (email)")] = None,
    output: Annotated[
        Path | None,
        typer.Option(help="Write the CSV here (UTF-8 with BOM, for Excel); default stdout"),
    ] = None,
) -> None:
    """Who saw or exported whole NIK/KK in a period, from the audit log, as CSV (breach drill)."""
    from backend.clock import local_date, utcnow
    from backend.privacy.access_report import ACCESS_REPORT_HEADER

    first = _day("--since", since)
    last = _day("--until", until) if until else local_date(utcnow())
    if last < first:
        typer.secho("--until sebelum / is before --since", fg=typer.colors.RED, err=True)
        raise typer.Exit(2)
    try:
        rows = asyncio.run(_audit_report(_settings(), first, last, staff))
    except DomainError as error:
        typer.secho(error.message, fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ACCESS_REPORT_HEADER)
    writer.writerows(row.cells() for row in rows)
    if output is None:
        typer.echo(buffer.getvalue(), nl=False)
        return
    # The BOM tells Excel the file is UTF-8.
    output.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    typer.echo(f"{len(rows)} baris / rows ({first} – {last}): {output}")


def _day(option: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        typer.secho(f"Tanggal tidak sah / invalid date for {option}: {value!r} (YYYY-MM-DD)",
                    fg=typer.colors.RED, err=True)  # fmt: skip
        raise typer.Exit(2) from None


async def _audit_report(
    settings: Settings, first: date, last: date, staff: str | None
) -> list[IdentityAccess]:
    from backend import models  # noqa: F401  (every table, so foreign keys resolve)
    from backend.db import create_engine, create_session_factory
    from backend.errors import NotFound
    from backend.privacy.access_report import identity_accesses, staff_by_email, wib_period

    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine)() as session:
            staff_id = None
            if staff is not None:
                account = await staff_by_email(session, staff)
                if account is None:
                    raise NotFound(
                        f"Tidak ada akun staf / no staff account with the email {staff.strip()}"
                    )
                staff_id = account.id
            start, end = wib_period(first, last)
            return await identity_accesses(session, start, end, staff_id=staff_id)
    finally:
        await engine.dispose()


@app.command()
def backup(
    output: Annotated[
        Path, typer.Option(help="The archive to write (a tar file, mode 0600); must not exist")
    ],
) -> None:
    """Back up the database and FILES_DIR into one archive, while the service runs."""
    from backend.backups.archive import write_backup

    try:
        manifest = asyncio.run(write_backup(_settings(), output))
    except DomainError as error:
        typer.secho(error.message, fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"Cadangan ditulis / backup written: {output} ({manifest.database}, revisi skema / "
        f"schema revision {manifest.schema_revision}, {manifest.files} berkas / files)"
    )
    typer.echo(
        "Berisi data pribadi / it holds personal data: simpan terpisah dari DATA_KEY / "
        "keep it apart from DATA_KEY."
    )


@app.command()
def restore(
    archive: Annotated[
        Path, typer.Argument(help="An archive of `slrt backup`", exists=True, dir_okay=False)
    ],
) -> None:
    """Restore an archive of `slrt backup` into an empty database and an empty FILES_DIR."""
    from backend.backups.restore import restore_backup

    settings = _settings()
    try:
        restored = asyncio.run(restore_backup(settings, archive))
    except DomainError as error:
        typer.secho(error.message, fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    manifest = restored.manifest
    typer.echo(
        f"Dipulihkan / restored: basis data / database {manifest.database} (revisi skema / "
        f"schema revision {manifest.schema_revision}, dibuat / made {manifest.created_at}), "
        f"{restored.files} berkas / files in {settings.files_dir}"
    )
    if restored.files_dir_differs:
        typer.secho(
            f"Perhatian / note: lampiran tercatat di bawah / attachments are recorded under "
            f"FILES_DIR={manifest.files_dir}; set FILES_DIR to that path, or they are not found.",
            fg=typer.colors.YELLOW, err=True,
        )  # fmt: skip
    typer.echo("Lalu / next: slrt migrate (the same DATA_KEY as the service that made it).")


@app.command("local-telegram")
def local_telegram(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8081,
    limits: Annotated[bool, typer.Option(help="Answer 429 beyond Telegram's rate limits")] = True,
) -> None:
    """Run a local Telegram Bot API server to try the bot by hand (no Telegram needed).

    Point TELEGRAM_API_URL at it and use the token it prints; act as users through
    its /_local endpoints. It is part of the test kit, so it needs a source checkout.
    """
    import contextlib

    local_bot_api = _test_kit(PROJECT_ROOT, LOCAL_BOT_API, "local-telegram")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(local_bot_api.run_forever(host, port, local_bot_api.DEFAULT_TOKEN, limits))


@app.command("local-whatsapp")
def local_whatsapp(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8082,
    webhook: Annotated[
        str | None, typer.Option(help="The service's WhatsApp webhook URL to verify and feed")
    ] = None,
) -> None:
    """Run a local WhatsApp Cloud API stand-in to try the channel by hand (no Meta needed).

    It prints the WHATSAPP_* settings to use; act as people through its /_local
    endpoints. It is part of the test kit, so it needs a source checkout.
    """
    import contextlib

    stand_in = _test_kit(PROJECT_ROOT, LOCAL_WHATSAPP, "local-whatsapp")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(stand_in.run_forever(host, port, webhook))


def _test_kit(checkout: Path, package: Path, command: str) -> ModuleType:
    """A stand-in server from the checkout's test kit; exits with a word if it is absent."""
    import importlib

    if not (checkout / package / "__init__.py").is_file():
        typer.secho(
            f"slrt {command} needs a source checkout: {package.as_posix()}/ "
            f"is not in {checkout}. Clone the repository and run it from there.",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(1)
    # The console script's path holds the installed packages only, not the checkout's tests/.
    if str(checkout) not in sys.path:
        sys.path.insert(0, str(checkout))
    return importlib.import_module(".".join(package.parts))


@app.command()
def chat(
    chat_id: Annotated[str, typer.Option(help="Conversation id in the cli channel")] = "terminal",
) -> None:
    """Talk to the citizen's dialogs in this terminal (works with piped input too)."""
    settings = _settings()
    asyncio.run(_chat(settings, chat_id))


async def _chat(settings: Settings, chat_id: str) -> None:
    from backend.db import create_engine
    from backend.sessions import service_sessions
    from bot.terminal import TerminalChat
    from dialogs.engine import DialogEngine, dialog_services

    engine = create_engine(settings.database_url)
    try:
        dialogs = DialogEngine(service_sessions(engine, settings), dialog_services(settings))
        await TerminalChat(dialogs, chat_id, sys.stdout).run(sys.stdin)
    finally:
        await engine.dispose()


@app.command("init-env")
def init_env(
    path: Annotated[Path, typer.Option(help="Where to write the file")] = Path(".env"),
) -> None:
    """Write a .env from .env.example with fresh SECRET_KEY and DATA_KEY, if none exists."""
    if path.exists():
        typer.echo(f"{path} exists; leaving it as it is.")
        return
    example = PROJECT_ROOT / ".env.example"
    # An installed package has no checkout's .env.example: then the two secrets alone, and
    # every other setting keeps its default (README, "Configuration").
    if example.is_file():
        lines = example.read_text("utf-8").splitlines()
    else:
        lines = ["SECRET_KEY=", "DATA_KEY="]
    fresh = {"SECRET_KEY": secrets.token_urlsafe(48), "DATA_KEY": secrets.token_urlsafe(48)}
    output = []
    for line in lines:
        key = line.split("=", 1)[0]
        output.append(f"{key}={fresh[key]}" if key in fresh else line)
    # Created 0600 from the start: DATA_KEY must never be readable by other users.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        typer.echo(f"{path} exists; leaving it as it is.")
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write("\n".join(output) + "\n")
    typer.echo(
        f"Wrote {path} with a new SECRET_KEY and DATA_KEY. Keep DATA_KEY safe: "
        "without it the stored NIK and KK cannot be read."
    )
