"""Revision 0019 adds survey_responses and takes it away again, on SQLite and PostgreSQL."""

from __future__ import annotations

from backend.migrate import downgrade, upgrade
from tests.backend.test_migrations import empty_database_url, schema_differences, table_names

__all__ = ["empty_database_url"]  # the fixture, used by name below


class TestRevision0019:
    """Down to 0018 drops only the survey's table; up again builds it as the model says."""

    def test_down_and_up_again(self, empty_database_url: str) -> None:
        upgrade(empty_database_url, "0019")  # later revisions add tables of their own
        at_0019 = table_names(empty_database_url)
        assert "survey_responses" in at_0019
        downgrade(empty_database_url, "0018")
        assert table_names(empty_database_url) == at_0019 - {"survey_responses"}
        upgrade(empty_database_url)
        assert "survey_responses" in table_names(empty_database_url)
        assert schema_differences(empty_database_url) == []
