"""A complaint's photos, documents and voice notes, for staff who may see the complaint.

Files are served only from under FILES_DIR (a stored path that resolves
anywhere else, through `..` or a symbolic link, is not found), decrypted, images
of a few plain types and recordings inline (with their own type, so an <audio>
element plays them) and everything else as a download, never sniffed or run.
A download is offered under a safe name with its type's extension (backend/uploads.py),
whatever name the file came with: never `Surat_Keterangan.pdf.exe`.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response

from backend.audit.service import record_audit
from backend.casefiles.repository import get_attachment
from backend.files import read_stored, stored_file
from backend.ids import PathId
from backend.panel.complaint import shown_inline, visible_complaint
from backend.panel.deps import AppSettings, CurrentStaff, DataVault, Session
from backend.panel.errors import PageNotFound
from backend.uploads import download_name

router = APIRouter(prefix="/panel/complaints", include_in_schema=False)


@router.get("/{ticket}/attachments/{attachment_id}")
async def attachment(
    ticket: str, attachment_id: PathId, staff: CurrentStaff, session: Session,
    settings: AppSettings, vault: DataVault,
) -> Response:  # fmt: skip
    """One attachment of a visible complaint; each view is written to the audit log."""
    found = await visible_complaint(session, staff, ticket)
    stored = await get_attachment(session, found.id, attachment_id)
    path = stored_file(settings.files_dir, stored.stored_path if stored else None)
    if stored is None or path is None:
        raise PageNotFound(f"{ticket}/{attachment_id}")
    record_audit(
        session, staff.actor, "complaint.attachment_viewed", "complaint", found.ticket,
        {"attachment_id": stored.id},
    )  # fmt: skip
    inline = bool(shown_inline(stored.mime_type))
    content = await asyncio.to_thread(read_stored, path, vault)
    disposition = "inline" if inline else "attachment"
    name = download_name(stored.original_name, stored.mime_type)
    return Response(
        content,
        media_type=stored.mime_type if inline else "application/octet-stream",
        headers={
            "Content-Disposition": f"{disposition}; {_file_name_parameter(name)}",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            # Opened on its own, the file still runs nothing.
            "Content-Security-Policy": "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
        },
    )


def _file_name_parameter(name: str) -> str:
    # RFC 6266: a plain ASCII name as is, anything else percent-encoded as UTF-8.
    quoted = quote(name)
    return f'filename="{name}"' if quoted == name else f"filename*=utf-8''{quoted}"
