"""Who may open which part of the panel, and the navigation each role sees.

One table, so the pages, the navigation and the tests agree. The dashboard, the
export and the admin pages are built on these sets as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.staff.models import Role

FO, BO, SUP, ADMIN, FAC = (
    Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN, Role.FACILITATOR
)  # fmt: skip
EVERYONE = frozenset(Role)
OFFICE = frozenset({FO, BO, SUP, ADMIN})
# Walk-in registration is front-office work; supervisors and admins stand in for it.
WALK_IN_ROLES = frozenset({FO, SUP, ADMIN})
DASHBOARD_ROLES = frozenset({BO, SUP, ADMIN})
EXPORT_ROLES = frozenset({BO, SUP, ADMIN})
ADMIN_ROLES = frozenset({ADMIN})
# Inclusion proposals (usulan DTSEN) are worked by back office and overseen by supervisors;
# registry imports are an admin task (docs/ARCHITECTURE.md, Who does what).
PROPOSAL_ROLES = frozenset({BO, SUP, ADMIN})
REGISTRY_IMPORT_ROLES = ADMIN_ROLES
# Supervisors (SLRT managers) onboard facilitators, approve their filings and watch relays.
FACILITATOR_ROLES = frozenset({SUP, ADMIN})
# The outbox's health (messages waiting, parked, undeliverable) is for those who answer for
# the service; back office sees the news of each complaint on its page.
OUTBOX_ROLES = frozenset({SUP, ADMIN})
# Correction requests (UU 27/2022) are answered by those who work complaints.
CORRECTION_ROLES = frozenset({BO, SUP, ADMIN})
# Those who work complaints get the morning digest and may get alerts (backend/staff_alerts/).
PROFILE_ROLES = frozenset({BO, SUP})
# The outreach posters hold no personal data: every office role may print them.
OUTREACH_ROLES = OFFICE
# Home visits are asked for, and watched, by those who work complaints.
VISIT_ROLES = frozenset({BO, SUP, ADMIN})


@dataclass(frozen=True, slots=True)
class NavItem:
    """A link of the top navigation: catalog key, address, and the roles that see it."""

    key: str
    href: str
    roles: frozenset[Role]


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("nav-queue", "/panel", EVERYONE),
    NavItem("nav-walk-in", "/panel/walk-in", WALK_IN_ROLES),
    NavItem("nav-dashboard", "/panel/dashboard", DASHBOARD_ROLES),
    NavItem("nav-ikm", "/panel/reports/ikm", DASHBOARD_ROLES),
    NavItem("nav-export", "/panel/export", EXPORT_ROLES),
    NavItem("nav-facilitators", "/panel/facilitators", FACILITATOR_ROLES),
    NavItem("nav-proposals", "/panel/proposals", PROPOSAL_ROLES),
    NavItem("nav-corrections", "/panel/corrections", CORRECTION_ROLES),
    NavItem("nav-outreach", "/panel/outreach", OUTREACH_ROLES),
    NavItem("nav-visits", "/panel/visits", VISIT_ROLES),
    NavItem("nav-admin", "/panel/admin", ADMIN_ROLES),
)


@dataclass(frozen=True, slots=True)
class NavLink:
    """A navigation link as rendered: whether it is the page being shown."""

    key: str
    href: str
    current: bool


def navigation_for(role: Role | None, path: str) -> list[NavLink]:
    """The links a role sees, the current page marked."""
    if role is None:
        return []
    links = []
    for item in NAVIGATION:
        if role not in item.roles:
            continue
        # The queue is the root: only its own path is "current", not every page under it.
        current = path == item.href or (item.href != "/panel" and path.startswith(item.href))
        links.append(NavLink(item.key, item.href, current))
    return links
