"""schemathesis against /openapi.json: no 5xx and no answer its own schema does not describe.

Every operation of the REST API is fuzzed anonymously and with a token of each role,
with valid and invalid input (schemathesis' positive and negative modes), on the app
of tests/backend/api/conftest.py and so on both databases. A few complaints are on
record, and the ticket in a path is one of theirs more often than not, so the fuzzer
reaches the handlers, not only their 404s.

Bounded to stay fast in `make test`: a fixed seed (derandomized), a small example
budget per operation, no example database. FUZZ_EXAMPLES raises the budget for a
deeper run (the nightly `HYPOTHESIS_PROFILE=thorough` run sets it higher).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import REFERRED, complaint_in, sign_in

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100" if THOROUGH else "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Signing out ends the token the other operations are fuzzed with: it is fuzzed anonymously.
ANONYMOUS_ONLY = {("POST", "/api/v1/auth/logout")}
BASE_URL = "http://slrt.test"


def _request_of(case: Any, headers: dict[str, str]) -> dict[str, Any]:
    """The case as httpx's keyword arguments (schemathesis serialises it for `requests`)."""
    kwargs = case.as_transport_kwargs(base_url=BASE_URL, headers=headers)
    request: dict[str, Any] = {
        "method": kwargs["method"], "url": kwargs["url"], "params": kwargs.get("params"),
        "headers": dict(kwargs.get("headers") or {}), "cookies": kwargs.get("cookies") or None,
    }  # fmt: skip
    if "json" in kwargs:
        request["json"] = kwargs["json"]
    data = kwargs.get("data")
    if isinstance(data, bytes | str):
        request["content"] = data
    elif data is not None:
        request["data"] = data
    if kwargs.get("files"):
        request["files"] = kwargs["files"]
    return request


def _fuzz(
    schema: Any, send: Callable[[dict[str, Any]], httpx.Response], headers: dict[str, str],
    tickets: list[str], signed_in: bool,
) -> list[str]:  # fmt: skip
    """Runs every operation's examples; answers one line per operation and mode that failed."""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        # The REST API; /healthz (tests/backend/test_health.py) asks the database on a
        # connection of its own, which SQLite keeps waiting behind this test's transaction.
        if not operation.path.startswith("/api/v1/"):
            continue
        if signed_in and (operation.method.upper(), operation.path) in ANONYMOUS_ONLY:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _examples(operation, mode, send, headers, tickets)
            except Unsatisfiable:
                continue  # no invalid input exists (no parameters, or any string will do)
            # schemathesis' FailureGroup is a BaseExceptionGroup; all are reported together.
            except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001
                name = f"{operation.method.upper()} {operation.path} ({mode.value})"
                failures.append(f"{name}: {failure}")
    return failures


def _examples(
    operation: Any, mode: GenerationMode, send: Callable[[dict[str, Any]], httpx.Response],
    headers: dict[str, str], tickets: list[str],
) -> None:  # fmt: skip
    """One operation's examples in one mode; the first failure (shrunk) is raised."""

    @settings(
        max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(case=operation.as_strategy(generation_mode=mode), ticket=st.sampled_from(tickets))
    def run(case: Any, ticket: str) -> None:
        # Valid input names a complaint on record (or, now and then, none).
        if mode == GenerationMode.POSITIVE and "ticket" in (case.path_parameters or {}):
            case.path_parameters["ticket"] = ticket
        response = send(_request_of(case, headers))
        case.validate_response(response, checks=CHECKS)

    run()


@pytest.mark.parametrize("who", ["anonymous", *(role.value for role in Role)])
async def test_no_server_error_and_no_schema_violation(
    app: FastAPI, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault,
    who: str,
) -> None:  # fmt: skip
    headers: dict[str, str] = {}
    facilitator_id = None
    if who != "anonymous":
        signed = await sign_in(db, Role(who))
        headers, facilitator_id = signed.headers, signed.facilitator_id
    # Complaints in a few states, one filed by the facilitator (others' are not theirs to see).
    tickets = [
        "SLRT-0000-000000",
        await complaint_in(db, vault),
        await complaint_in(db, vault, "start_review"),
        await complaint_in(db, vault, *REFERRED),
    ]
    if facilitator_id is not None:
        tickets.append(await complaint_in(db, vault, facilitator_id=facilitator_id))
    schema = schemathesis.openapi.from_dict(app.openapi())
    loop = asyncio.get_running_loop()

    def send(request: dict[str, Any]) -> httpx.Response:
        # Hypothesis runs in a worker thread; the app answers on this test's loop and database.
        return asyncio.run_coroutine_threadsafe(client.request(**request), loop).result(60)

    failures = await asyncio.to_thread(_fuzz, schema, send, headers, tickets, who != "anonymous")
    assert not failures, "\n\n".join(failures)


async def test_what_is_refused_before_a_handler_is_documented(
    client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
) -> None:
    """A NIK in the address and a body that is not text answer 400, and every operation says so."""
    document = (await client.get("/openapi.json")).json()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if path.startswith("/api/v1/"):
                assert "400" in operation["responses"], (method, path)
    worker = await sign_in(db, Role.BACK_OFFICE)
    unreadable = await client.post(
        "/api/v1/complaints/search", content=b"\xff\xfe{", headers=worker.headers | {
            "Content-Type": "application/json"},
    )  # fmt: skip
    assert unreadable.status_code == 400 and "detail" in unreadable.json()
    in_address = await client.get("/api/v1/complaints/3271046501900001", headers=worker.headers)
    assert in_address.status_code == 400 and "POST" in in_address.json()["detail"]
