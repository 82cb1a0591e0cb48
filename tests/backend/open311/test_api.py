"""Issue 21: the Open311 GeoReport v2 endpoints answer in the specification's shapes, JSON and XML.

Each endpoint is checked against the shape of the specification's examples (element
and key names, their order, the error list), in both formats.
"""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from backend.citizens.models import Channel
from backend.open311.models import Open311Request
from tests.backend.open311.helpers import BASE, NIK, IssuedForTest, children, filing_form, xml_of

SERVICE_KEYS = ["service_code", "service_name", "description", "metadata", "type", "keywords",
                "group"]  # fmt: skip
ATTRIBUTE_KEYS = ["variable", "code", "datatype", "required", "datatype_description", "order",
                  "description"]  # fmt: skip
REQUEST_KEYS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
    "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
]  # fmt: skip


async def _file(
    client: httpx.AsyncClient, key: str, fmt: str = "json", **changes: str | None
) -> httpx.Response:
    return await client.post(f"{BASE}/requests.{fmt}", data=filing_form(key, **changes))


class TestDiscovery:
    """discovery.{format} names the endpoint, its specification and formats."""

    async def test_json(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{BASE}/discovery.json")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        body = response.json()
        assert list(body) == ["changeset", "contact", "key_service", "endpoints"]
        (endpoint,) = body["endpoints"]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["url"].endswith("/open311/v2")
        assert endpoint["formats"] == ["text/xml", "application/json"]

    async def test_xml(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{BASE}/discovery.xml")
        assert response.headers["content-type"] == "text/xml; charset=utf-8"
        assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
        root = xml_of(response.content)
        assert root.tag == "discovery"
        assert children(root) == ["changeset", "contact", "key_service", "endpoints"]
        formats = root.find("endpoints/endpoint/formats")
        assert [f.text for f in formats.findall("format")] == ["text/xml", "application/json"]


class TestServices:
    """services.{format} lists the active categories; services/{code} defines their attributes."""

    async def test_the_list_in_json_has_the_specifications_keys(
        self, client: httpx.AsyncClient
    ) -> None:
        services = (await client.get(f"{BASE}/services.json")).json()
        codes = [service["service_code"] for service in services]
        assert "pkh" in codes and "civil_documents" in codes
        for service in services:
            assert list(service) == SERVICE_KEYS
            assert service["metadata"] is True and service["type"] == "realtime"

    async def test_the_list_in_xml_has_the_same_services(self, client: httpx.AsyncClient) -> None:
        as_json = (await client.get(f"{BASE}/services.json")).json()
        root = xml_of((await client.get(f"{BASE}/services.xml")).content)
        assert root.tag == "services"
        assert [s.findtext("service_code") for s in root.findall("service")] == [
            s["service_code"] for s in as_json
        ]
        first = root.find("service")
        assert children(first) == SERVICE_KEYS
        assert first.findtext("metadata") == "true"

    async def test_names_are_english_when_asked(self, client: httpx.AsyncClient) -> None:
        indonesian = (await client.get(f"{BASE}/services.json")).json()
        english = (
            await client.get(f"{BASE}/services.json", headers={"Accept-Language": "en-GB,en"})
        ).json()
        assert indonesian[0]["service_name"] != english[0]["service_name"]

    async def test_the_definition_in_json(self, client: httpx.AsyncClient) -> None:
        definition = (await client.get(f"{BASE}/services/pkh.json")).json()
        assert list(definition) == ["service_code", "attributes"]
        assert definition["service_code"] == "pkh"
        attributes = {a["code"]: a for a in definition["attributes"]}
        assert list(attributes) == ["consent", "kelurahan", "nik", "no_nik", "kk", "language"]
        for attribute in attributes.values():
            assert list(attribute)[:7] == ATTRIBUTE_KEYS
        assert attributes["consent"]["required"] is True
        assert attributes["kelurahan"]["required"] is True
        kelurahan = {value["key"]: value["name"] for value in attributes["kelurahan"]["values"]}
        assert len(kelurahan) == 68
        assert kelurahan["32.71.04.1003"] == "Bubulak (Bogor Barat)"
        assert [a["order"] for a in definition["attributes"]] == [1, 2, 3, 4, 5, 6]

    async def test_the_definition_in_xml(self, client: httpx.AsyncClient) -> None:
        root = xml_of((await client.get(f"{BASE}/services/pkh.xml")).content)
        assert root.tag == "service_definition"
        assert children(root) == ["service_code", "attributes"]
        first = root.find("attributes/attribute")
        assert children(first) == [*ATTRIBUTE_KEYS, "values"]
        assert children(first.find("values/value")) == ["key", "name"]
        # An empty datatype_description is an empty element, as in the specification's example.
        assert first.find("datatype_description") is not None
        assert first.findtext("datatype_description") in (None, "")

    @pytest.mark.parametrize("fmt", ["json", "xml"])
    async def test_an_unknown_service_is_404_in_the_error_format(
        self, client: httpx.AsyncClient, fmt: str
    ) -> None:
        response = await client.get(f"{BASE}/services/pothole.{fmt}")
        assert response.status_code == 404
        if fmt == "json":
            (error,) = response.json()
            assert list(error) == ["code", "description"] and error["code"] == 404
        else:
            root = xml_of(response.content)
            assert root.tag == "errors" and root.findtext("error/code") == "404"

    async def test_an_unknown_format_is_400(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{BASE}/services.csv")
        assert response.status_code == 400
        assert "csv" in response.json()[0]["description"]


class TestPostingARequest:
    """POST requests.{format} files a complaint and answers its id and a notice."""

    async def test_json_answers_the_ticket_as_service_request_id(
        self, client: httpx.AsyncClient, api_key: IssuedForTest,
        db: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        response = await _file(client, api_key.key)
        assert response.status_code == 200, response.text
        (answer,) = response.json()
        assert list(answer) == ["service_request_id", "service_notice", "account_id"]
        assert answer["account_id"] == "123456"
        ticket = answer["service_request_id"]
        assert ticket in answer["service_notice"]
        async with db() as session:
            complaint = await session.scalar(select(Complaint).where(Complaint.ticket == ticket))
            assert complaint is not None and complaint.channel == Channel.OPEN311
            row = await session.scalar(
                select(Open311Request).where(Open311Request.complaint_id == complaint.id)
            )
            assert row is not None and row.api_key_id == api_key.key_id
            assert row.email == "siti.rahayu@contoh.example"

    async def test_xml_answers_the_same_shape(
        self, client: httpx.AsyncClient, api_key: IssuedForTest
    ) -> None:
        response = await _file(client, api_key.key, "xml", account_id=None)
        assert response.status_code == 200, response.text
        root = xml_of(response.content)
        assert root.tag == "service_requests"
        request = root.find("request")
        assert children(request) == ["service_request_id", "service_notice", "account_id"]
        assert request.findtext("account_id") in (None, "")

    async def test_each_refused_field_is_one_error(
        self, client: httpx.AsyncClient, api_key: IssuedForTest
    ) -> None:
        response = await _file(
            client, api_key.key, **{"attribute[consent]": None, "attribute[nik]": "1234",
                                    "attribute[kelurahan]": "99.99"},
        )  # fmt: skip
        assert response.status_code == 400
        descriptions = [error["description"] for error in response.json()]
        assert len(descriptions) == 3
        assert any(d.startswith("attribute[consent]") for d in descriptions)
        assert any(d.startswith("attribute[nik]") and "16" in d for d in descriptions)
        assert any(d.startswith("attribute[kelurahan]") for d in descriptions)

    async def test_without_an_address_string_it_is_refused(
        self, client: httpx.AsyncClient, api_key: IssuedForTest
    ) -> None:
        response = await _file(client, api_key.key, address_string=None)
        assert response.status_code == 400
        assert "address_string" in response.json()[0]["description"]

    async def test_an_unknown_service_code_is_404(
        self, client: httpx.AsyncClient, api_key: IssuedForTest
    ) -> None:
        response = await _file(client, api_key.key, service_code="pothole")
        assert response.status_code == 404

    async def test_without_a_nik_it_is_a_civil_documents_matter(
        self, client: httpx.AsyncClient, api_key: IssuedForTest,
        db: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        response = await _file(
            client, api_key.key, **{"attribute[nik]": None, "attribute[no_nik]": "yes"}
        )
        assert response.status_code == 200, response.text
        ticket = response.json()[0]["service_request_id"]
        found = (await client.get(f"{BASE}/requests/{ticket}.json")).json()
        assert found[0]["service_code"] == "civil_documents"

    async def test_a_nik_in_the_description_is_not_kept_in_clear(
        self, client: httpx.AsyncClient, api_key: IssuedForTest,
        db: async_sessionmaker[AsyncSession],
    ) -> None:  # fmt: skip
        response = await _file(
            client, api_key.key, description=f"NIK anak saya {NIK}, PIP belum cair sampai sekarang."
        )
        ticket = response.json()[0]["service_request_id"]
        async with db() as session:
            complaint = await session.scalar(select(Complaint).where(Complaint.ticket == ticket))
            assert complaint is not None and NIK not in complaint.description


class TestReadingRequests:
    """GET requests and requests/{id}: status open/closed, status notes, nothing personal."""

    async def test_one_request_in_json(
        self, client: httpx.AsyncClient, api_key: IssuedForTest
    ) -> None:
        ticket = (await _file(client, api_key.key)).json()[0]["service_request_id"]
        (found,) = (await client.get(f"{BASE}/requests/{ticket}.json")).json()
        assert list(found) == REQUEST_KEYS
        assert found["service_request_id"] == ticket and found["status"] == "open"
        assert found["status_notes"] and found["service_code"] == "pkh"
        assert found["requested_datetime"].endswith("+07:00")
        for private in ("description", "address", "lat", "long", "zipcode", "media_url"):
            assert found[private] is None

    async def test_one_request_in_xml(
        self, client: httpx.AsyncClient, api_key: IssuedForTest
    ) -> None:
        ticket = (await _file(client, api_key.key)).json()[0]["service_request_id"]
        response = await client.get(f"{BASE}/requests/{ticket}.xml")
        root = xml_of(response.content)
        assert root.tag == "service_requests"
        request = root.find("request")
        assert children(request) == REQUEST_KEYS
        assert request.findtext("status") == "open"
        body = response.text
        for private in ("Siti", "Rahayu", "Bubulak No. 12", "0812", "siti.rahayu", "PKH tahap"):
            assert private not in body

    async def test_an_unknown_request_is_404(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{BASE}/requests/261204-AAAAA.xml")
        assert response.status_code == 404
        assert xml_of(response.content).tag == "errors"

    async def test_the_list_filters_by_id_service_and_status(
        self, client: httpx.AsyncClient, api_key: IssuedForTest
    ) -> None:
        first = (await _file(client, api_key.key)).json()[0]["service_request_id"]
        second = (await _file(client, api_key.key, service_code="pip")).json()[0][
            "service_request_id"
        ]
        by_ids = (await client.get(f"{BASE}/requests.json",
                                   params={"service_request_id": f"{first},{second}"})).json()  # fmt: skip
        assert {r["service_request_id"] for r in by_ids} == {first, second}
        by_code = (await client.get(f"{BASE}/requests.json", params={"service_code": "pip"})).json()
        assert second in [r["service_request_id"] for r in by_code]
        assert first not in [r["service_request_id"] for r in by_code]
        closed = (await client.get(f"{BASE}/requests.json", params={"status": "closed"})).json()
        assert first not in [r["service_request_id"] for r in closed]
        xml = xml_of((await client.get(f"{BASE}/requests.xml", params={"status": "open"})).content)
        assert first in [r.findtext("service_request_id") for r in xml.findall("request")]

    @pytest.mark.parametrize(
        "params",
        [{"start_date": "2026-01-01"}, {"status": "pending"},
         {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-12-01T00:00:00Z"}],
        ids=["date-without-zone", "unknown-status", "span-over-90-days"],
    )  # fmt: skip
    async def test_arguments_that_cannot_be_read_are_400(
        self, client: httpx.AsyncClient, params: dict[str, str]
    ) -> None:
        response = await client.get(f"{BASE}/requests.json", params=params)
        assert response.status_code == 400
        assert response.json()[0]["code"] == 400


class TestRateLimits:
    """A reader over the limit is told to wait, in the error format it asked for."""

    async def test_the_121st_read_in_a_minute_is_429_with_retry_after(
        self, client: httpx.AsyncClient
    ) -> None:
        for _ in range(120):
            assert (await client.get(f"{BASE}/discovery.json")).status_code == 200
        response = await client.get(f"{BASE}/discovery.xml")
        assert response.status_code == 429
        assert int(response.headers["Retry-After"]) >= 1
        assert xml_of(response.content).findtext("error/code") == "429"
