"""A complaint's photos and documents, for staff who may see the complaint.

Files are served only from under FILES_DIR (a stored path that resolves
anywhere else, through `..` or a symbolic link, is not found), images of a few
plain types inline and everything else as a download, never sniffed or run.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from backend.audit.service import record_audit
from backend.casefiles.repository import get_attachment
from backend.panel.complaint import INLINE_IMAGE_TYPES, visible_complaint
from backend.panel.deps import AppSettings, CurrentStaff, Session
from backend.panel.errors import PageNotFound

router = APIRouter(prefix="/panel/complaints", include_in_schema=False)


def file_under(root: Path, stored_path: str | None) -> Path | None:
    """The stored file if it really lies under `root` and exists; None otherwise."""
    if not stored_path:
        return None
    try:
        resolved = Path(stored_path).resolve(strict=True)
        base = root.resolve()
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(base) or not resolved.is_file():
        return None
    return resolved


@router.get("/{ticket}/attachments/{attachment_id}")
async def attachment(
    ticket: str, attachment_id: int, staff: CurrentStaff, session: Session, settings: AppSettings
) -> Response:
    """One attachment of a visible complaint; each view is written to the audit log."""
    found = await visible_complaint(session, staff, ticket)
    stored = await get_attachment(session, found.id, attachment_id)
    path = file_under(settings.files_dir, stored.stored_path if stored else None)
    if stored is None or path is None:
        raise PageNotFound(f"{ticket}/{attachment_id}")
    record_audit(
        session, staff.actor, "complaint.attachment_viewed", "complaint", found.ticket,
        {"attachment_id": stored.id},
    )  # fmt: skip
    inline = stored.mime_type in INLINE_IMAGE_TYPES
    return FileResponse(
        path,
        media_type=stored.mime_type if inline else "application/octet-stream",
        filename=stored.original_name or path.name,
        content_disposition_type="inline" if inline else "attachment",
        headers={
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            # Opened on its own, the file still runs nothing.
            "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
        },
    )
