"""Reading a Prometheus exposition in tests: one sample's value by name and labels."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families


def sample(exposition: str, name: str, **labels: str) -> float | None:
    """The value of the sample `name` whose labels include `labels`, or None if absent."""
    for family in text_string_to_metric_families(exposition):
        for found in family.samples:
            if found.name == name and labels.items() <= found.labels.items():
                return found.value
    return None


async def scrape(client: httpx.AsyncClient, **headers: str) -> str:
    """GET /metrics, which must answer 200."""
    response = await client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def value(client: httpx.AsyncClient, name: str, **labels: str) -> float:
    """One sample's value at a fresh scrape (0 when the series does not exist yet)."""
    return sample(await scrape(client), name, **labels) or 0.0
