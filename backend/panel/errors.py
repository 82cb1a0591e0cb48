"""What a panel page raises when it cannot be shown; handlers.py turns each into a page."""

from __future__ import annotations

from backend.staff.models import Role


class PanelError(Exception):
    """A panel request that ends in a page other than the one asked for."""


class LoginRequired(PanelError):
    """No live session: the browser goes to the login page, and back here afterwards."""

    def __init__(self, next_path: str | None, *, expired: bool = False) -> None:
        super().__init__(next_path or "/panel")
        self.next_path = next_path
        self.expired = expired


class PageForbidden(PanelError):
    """The signed-in role may not open this page (403)."""

    def __init__(self, role: Role) -> None:
        super().__init__(role.value)
        self.role = role


class CsrfRefused(PanelError):
    """A form came without the CSRF token of this session, or with a wrong one (403)."""


class PageNotFound(PanelError):
    """No such page or complaint, or not one this account may see (404)."""


class TwoFactorSetupRequired(PanelError):
    """A supervisor or admin without a second factor: its set-up page, and nothing else."""


class PasswordChangeRequired(PanelError):
    """An administrator set this account's password: its change page, and nothing else."""
