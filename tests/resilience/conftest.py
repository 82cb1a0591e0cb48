"""The resilience proofs need a PostgreSQL database of their own (and sometimes a proxy to it)."""

from tests.fixtures.postgres_proxy import postgres_behind_proxy, postgres_database_url  # noqa: F401  (fixtures)
