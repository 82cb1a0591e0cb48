"""Errors of the services as a person reads them on a panel page.

The services speak English to every caller (API, CLI, panel); the panel puts a
sentence of its own catalog in front, in the viewer's language, and keeps the
service's words underneath as the detail.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm.exc import StaleDataError

from backend.complaints.service import EventRefused
from backend.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from backend.panel.i18n import Texts


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an action was refused: a sentence, the service's detail, the field concerned."""

    status_code: int
    message: str
    detail: str | None = None
    field: str | None = None


def describe(error: Exception, t: Texts, *, fields: list[str] | None = None) -> Problem:
    """A friendly account of a refused action; `fields` names required fields left empty."""
    if isinstance(error, StaleDataError):
        return Problem(409, t("problem-concurrent"))
    if not isinstance(error, DomainError):
        raise TypeError(f"not a domain error: {error!r}")
    detail = error.message
    if isinstance(error, EventRefused):
        event = t.label("event", error.event)
        status = t.label("status", error.status)
        if error.status_code == 403:
            return Problem(403, t("problem-event-role", event=event), detail)
        if error.status_code == 422:
            if fields:
                names = ", ".join(t.label("field", name) for name in fields)
                return Problem(422, t("problem-event-fields", event=event, fields=names), detail)
            return Problem(422, t("problem-event-invalid", event=event), detail)
        return Problem(
            error.status_code, t("problem-event-status", event=event, status=status), detail
        )
    if isinstance(error, InvalidInput):
        return Problem(422, t("problem-invalid"), detail, error.field)
    if isinstance(error, Forbidden):
        return Problem(403, t("problem-forbidden"), detail)
    if isinstance(error, NotFound):
        return Problem(404, t("problem-not-found"), detail)
    if isinstance(error, Conflict):
        return Problem(409, t("problem-conflict"), detail)
    return Problem(error.status_code, t("problem-other"), detail)
