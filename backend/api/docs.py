"""The API's documentation pages, /docs (Swagger UI) and /redoc, from installed files only.

FastAPI's own pages load Swagger UI and ReDoc from a CDN and start them with an
inline script; both are refused here. The files come from the installed
`fastapi-offline` package (Swagger UI, Apache-2.0; ReDoc, MIT), the start-up
script from backend/api/static, and the pages get API_DOCS_POLICY, which lets
these two tools style themselves and nothing more. With API_DOCS=off neither
page, nor /openapi.json, is served: 404 (see create_app).
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from backend.security.headers import API_DOCS_POLICY

OPENAPI_URL = "/openapi.json"
SWAGGER_URL = "/docs"
REDOC_URL = "/redoc"
# Swagger UI's and ReDoc's files, as the package ships them.
VENDOR_URL = "/docs/vendor"
# Our start-up script and style for them.
STATIC_URL = "/docs/static"

_SWAGGER_PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>SLRT Intake: dokumentasi API / API documentation</title>
  <link rel="icon" href="{VENDOR_URL}/favicon.png">
  <link rel="stylesheet" href="{VENDOR_URL}/swagger-ui.css">
  <script src="{VENDOR_URL}/swagger-ui-bundle.js" defer></script>
  <script src="{STATIC_URL}/swagger-init.js" defer></script>
</head>
<body>
  <div id="swagger-ui" data-openapi-url="{OPENAPI_URL}"></div>
  <noscript>Halaman ini memerlukan JavaScript; skemanya ada di {OPENAPI_URL}.
    / This page needs JavaScript; the schema is at {OPENAPI_URL}.</noscript>
</body>
</html>
"""

_REDOC_PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>SLRT Intake: dokumentasi API / API documentation</title>
  <link rel="icon" href="{VENDOR_URL}/favicon.png">
  <link rel="stylesheet" href="{STATIC_URL}/redoc.css">
</head>
<body>
  <redoc spec-url="{OPENAPI_URL}"></redoc>
  <noscript>Halaman ini memerlukan JavaScript; skemanya ada di {OPENAPI_URL}.
    / This page needs JavaScript; the schema is at {OPENAPI_URL}.</noscript>
  <script src="{VENDOR_URL}/redoc.standalone.js"></script>
</body>
</html>
"""


def _page(html: str) -> HTMLResponse:
    return HTMLResponse(html, headers={"Content-Security-Policy": API_DOCS_POLICY})


def install_api_docs(app: FastAPI) -> None:
    """Serves /docs and /redoc with their files; the application serves /openapi.json."""
    router = APIRouter(include_in_schema=False)

    @router.get(SWAGGER_URL)
    async def swagger_ui() -> HTMLResponse:
        """Swagger UI: every endpoint, tried from the browser with a bearer token."""
        return _page(_SWAGGER_PAGE)

    @router.get(REDOC_URL)
    async def redoc() -> HTMLResponse:
        """ReDoc: the same description, for reading."""
        return _page(_REDOC_PAGE)

    app.include_router(router)
    vendor = resources.files("fastapi_offline").joinpath("static")
    app.mount(VENDOR_URL, StaticFiles(directory=str(vendor)), name="api-docs-vendor")
    static = resources.files("backend.api").joinpath("static")
    app.mount(STATIC_URL, StaticFiles(directory=str(static)), name="api-docs-static")
