"""The Open311 catalogs: both languages say the same things, and every refusal has its words."""

from __future__ import annotations

import pytest

from backend.casefiles.models import ComplaintStatus
from backend.complaints.filing import invalid_key
from backend.open311.texts import LANGUAGES, has, message_keys
from tests.backend.panel.test_texts import VALIDATOR_CODES

# What the filing service may refuse, besides the validators' codes.
FILING_KEYS = (
    "consent-required", "nik-required", "kelurahan-required", "category-required",
    "address-too-short", "address-too-long", "description-too-short", "description-too-long",
)  # fmt: skip


def test_both_catalogs_have_the_same_keys() -> None:
    assert message_keys("id") == message_keys("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_refusal_and_status_has_words(language: str) -> None:
    expected = (
        [f"open311-problem-{key}" for key in FILING_KEYS]
        + [f"open311-problem-{invalid_key(code)}" for code in VALIDATOR_CODES]
        + [f"open311-status-{status.value}" for status in ComplaintStatus]
    )
    assert [key for key in expected if not has(language, key)] == []
