"""The REST API describes itself at /openapi.json: every operation summarised and explained."""

from __future__ import annotations

import httpx


class TestTheOpenApiDocument:
    """Integrators can read every endpoint, its errors and how to sign in from /openapi.json."""

    async def test_every_api_operation_has_a_summary_a_description_and_its_errors(
        self, client: httpx.AsyncClient
    ) -> None:
        document = (await client.get("/openapi.json")).json()
        operations = [
            (path, method, operation)
            for path, methods in document["paths"].items()
            if path.startswith("/api/v1/")
            for method, operation in methods.items()
        ]
        assert len(operations) == 16
        for path, method, operation in operations:
            assert operation.get("summary") and operation.get("description"), (method, path)
            if path != "/api/v1/auth/token":
                assert "401" in operation["responses"], (method, path)
                assert operation["security"] == [{"OAuth2PasswordBearer": []}], (method, path)

    async def test_the_token_url_is_the_password_flow_of_the_api(
        self, client: httpx.AsyncClient
    ) -> None:
        schemes = (await client.get("/openapi.json")).json()["components"]["securitySchemes"]
        flow = schemes["OAuth2PasswordBearer"]["flows"]["password"]
        assert flow["tokenUrl"] == "/api/v1/auth/token"
