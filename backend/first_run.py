"""What `slrt run` tells a newcomer: where to open things, and a demo account on a fresh database."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import Settings
from backend.staff.models import Role
from backend.staff.service import count_staff_users, create_staff_user

DEMO_EMAIL = "admin@slrt.local"
DEMO_NAME = "Admin Demo"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """The account made on a database with no staff yet; its password is shown once."""

    email: str
    password: str


class NoStaffYet:
    """Production with no staff account: nobody is made, the admin is told how to make one."""


async def demo_account_if_needed(
    session: AsyncSession, settings: Settings
) -> DemoAccount | NoStaffYet | None:
    """Creates an admin with a fresh random password when no staff account exists yet.

    Not in production: a password printed where logs are kept is a password anyone
    with the logs has, so the first admin there is made with `slrt create-user`.
    """
    if await count_staff_users(session) > 0:
        return None
    if settings.environment == "production":
        return NoStaffYet()
    password = secrets.token_urlsafe(12)
    await create_staff_user(
        session, email=DEMO_EMAIL, full_name=DEMO_NAME, role=Role.ADMIN, password=password
    )
    return DemoAccount(DEMO_EMAIL, password)


def welcome_lines(settings: Settings, demo: DemoAccount | NoStaffYet | None) -> list[str]:
    """The lines `slrt run` prints before it serves."""
    base = f"http://{settings.host}:{settings.port}"
    telegram = (
        f"on ({settings.bot_framework}, {settings.telegram_mode})"
        if settings.telegram_bot_token
        else "off (set TELEGRAM_BOT_TOKEN in .env to turn it on)"
    )
    lines = [
        f"SLRT Intake on {base}/",
        f"  Web chat for citizens: {base}/chat",
        f"  Panel for staff:       {base}/panel",
        f"  REST API documentation: {base}/docs",
        f"  Telegram bot: {telegram}",
    ]
    if isinstance(demo, NoStaffYet):
        lines += [
            "",
            "No staff account yet. Make the first admin (its password is asked, never shown):",
            "  slrt create-user --role admin --email ... --name ...",
        ]
    elif demo is not None:
        lines += [
            "",
            "First run: a staff account was made. Write the password down: it is shown only now.",
            f"  email:    {demo.email}",
            f"  password: {demo.password}",
            "  (`slrt create-user` makes more; change this password in the panel.)",
            "  Admins sign in with two factors: at the first sign-in the panel shows a QR code",
            "  for an authenticator app (Google Authenticator, FreeOTP, Aegis, ...).",
        ]
    return [*lines, "", "Ctrl+C stops the service."]
