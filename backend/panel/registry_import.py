"""The registry import of the admin area (/panel/admin/registry): upload a DTSEN/DTKS export,
run the same importer as `slrt import-registry`, and read or download each import's report."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from backend.errors import DomainError
from backend.ids import PathId
from backend.panel.deps import DataVault, PanelStaff, Session, require_roles
from backend.panel.errors import PageNotFound
from backend.panel.i18n import texts_for
from backend.panel.nav import REGISTRY_IMPORT_ROLES
from backend.panel.problems import Problem, describe
from backend.panel.rendering import SECURITY_HEADERS, render
from backend.registry import repository
from backend.registry.importer import SOURCES, import_registry
from backend.registry.models import RegistryImport
from backend.registry.report import report_csv
from backend.staff.models import StaffUser

router = APIRouter(prefix="/panel/admin/registry", include_in_schema=False)
ImportStaff = Annotated[PanelStaff, Depends(require_roles(*REGISTRY_IMPORT_ROLES))]
# A city's export is a few tens of MB; anything far bigger is not one.
MAX_UPLOAD_MB = 200
PROBLEMS_SHOWN = 200
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


def _file_name(uploaded: str | None) -> str:
    """The uploaded file's own name, reduced to harmless characters (kept in the import's record)."""
    name = _UNSAFE_NAME.sub("_", Path(uploaded or "").name).strip(" .")[:120]
    return name or "registry-export"


async def _form_page(
    request: Request, session: Session, *, problem: Problem | None = None,
    source: str = SOURCES[0], status_code: int = 200,
) -> Response:  # fmt: skip
    imports = await repository.list_imports(session)
    people: dict[int, str] = {}
    for run in imports:
        if run.imported_by_staff_id is not None and run.imported_by_staff_id not in people:
            user = await session.get_one(StaffUser, run.imported_by_staff_id)
            people[user.id] = user.full_name
    context: dict[str, Any] = {
        "imports": imports, "people": people, "problem": problem, "sources": SOURCES,
        "source": source, "max_upload_mb": MAX_UPLOAD_MB,
    }  # fmt: skip
    return render(request, "registry_import.html", context, status_code=status_code)


@router.get("")
async def import_form(request: Request, staff: ImportStaff, session: Session) -> Response:
    """The upload form and the latest imports."""
    return await _form_page(request, session)


@router.post("")
async def run_import(
    request: Request, staff: ImportStaff, session: Session, vault: DataVault
) -> Response:
    """Imports the uploaded file in the request's one transaction, then shows its report."""
    t = texts_for(staff.language)
    form = await request.form()
    upload, source = form.get("file"), str(form.get("source") or SOURCES[0]).upper()
    if source not in SOURCES:
        source = SOURCES[0]
    if not isinstance(upload, UploadFile) or not upload.filename:
        problem = Problem(422, t("registry-import-no-file"), field="file")
        return await _form_page(request, session, problem=problem, source=source, status_code=422)
    with tempfile.TemporaryDirectory(prefix="slrt-registry-") as folder:
        path = Path(folder) / _file_name(upload.filename)
        if not await _save(upload, path):
            problem = Problem(
                413, t("registry-import-too-large", limit=MAX_UPLOAD_MB), field="file"
            )
            return await _form_page(
                request, session, problem=problem, source=source, status_code=413
            )
        try:
            report = await import_registry(session, vault, path, actor=staff.actor, source=source)
        except DomainError as error:
            # Nothing of a refused file is kept (the importer writes nothing before it reads
            # the header, but a later refusal would roll back the rows written so far).
            await session.rollback()
            refused = describe(error, t)
            problem = Problem(422, t("registry-import-refused"), refused.detail, "file")
            return await _form_page(
                request, session, problem=problem, source=source, status_code=422
            )
    return RedirectResponse(
        f"/panel/admin/registry/imports/{report.import_id}?notice=imported", status_code=303
    )


async def _save(upload: UploadFile, path: Path) -> bool:
    """Copies the upload to `path`; False (and nothing kept) when it passes the size limit."""
    written, limit = 0, MAX_UPLOAD_MB * 1024 * 1024
    with path.open("wb") as file:
        while chunk := await upload.read(1 << 20):
            written += len(chunk)
            if written > limit:
                return False
            file.write(chunk)
    return True


async def _run(session: Session, import_id: int) -> RegistryImport:
    found = await session.get(RegistryImport, import_id)
    if found is None:
        raise PageNotFound(str(import_id))
    return found


@router.get("/imports/{import_id}")
async def import_report(
    import_id: PathId, request: Request, staff: ImportStaff, session: Session
) -> Response:
    """One import's counts, unknown columns, and its rejected rows and warnings."""
    run = await _run(session, import_id)
    problems = await repository.problems_of_import(session, run.id, limit=PROBLEMS_SHOWN)
    total_problems = await repository.count_problems(session, run.id)
    imported_by = (
        await session.get(StaffUser, run.imported_by_staff_id)
        if run.imported_by_staff_id is not None
        else None
    )
    context = {
        "run": run,
        "problems": problems,
        "total_problems": total_problems,
        "warnings": total_problems - run.rejected,
        "imported_by": imported_by,
        "notice": request.query_params.get("notice") == "imported",
    }
    return render(request, "registry_import_report.html", context)


@router.get("/imports/{import_id}/report.csv")
async def import_report_file(import_id: PathId, staff: ImportStaff, session: Session) -> Response:
    """The report as the command line writes it: one line per rejected row or warning."""
    run = await _run(session, import_id)
    data = report_csv(await repository.problems_of_import(session, run.id))
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={
            **SECURITY_HEADERS,
            "Content-Disposition": f'attachment; filename="laporan-impor-{run.id}.csv"',
        },
    )
