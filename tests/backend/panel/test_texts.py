"""The panel's catalogs: both languages say the same things, and every value has its words."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from backend.casefiles.models import ComplaintStatus
from backend.citizens.models import Channel
from backend.complaints.lifecycle import LifecycleEvent
from backend.panel.i18n import LANGUAGES, message_keys, texts_for
from backend.panel.nav import NAVIGATION
from backend.staff.models import Role

VALIDATOR_CODES = (
    "nik.not_digits", "nik.length", "nik.region", "nik.birth_date", "nik.serial",
    "kk.not_digits", "kk.length", "kk.region", "kk.issue_date",
    "phone.invalid", "phone.not_indonesian",
    "name.characters", "name.too_short", "name.too_long",
)  # fmt: skip


def test_both_catalogs_have_the_same_keys() -> None:
    assert message_keys("id") == message_keys("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_value_shown_has_a_label(language: str) -> None:
    t = texts_for(language)
    expected = (
        [f"status-{s.value}" for s in ComplaintStatus]
        + [f"event-{e.value}" for e in LifecycleEvent]
        + [f"event-help-{e.value}" for e in LifecycleEvent]
        + [f"role-{r.value}" for r in Role]
        + [f"channel-{c.value}" for c in Channel]
        + [item.key for item in NAVIGATION]
        + ["invalid-" + code.replace(".", "-").replace("_", "-") for code in VALIDATOR_CODES]
    )
    assert [key for key in expected if not t.has(key)] == []


def test_every_key_a_template_names_literally_exists() -> None:
    folder = resources.files("backend.panel").joinpath("templates")
    used = set()
    for template in folder.iterdir():
        if template.name.endswith(".html"):
            used |= set(
                re.findall(r"""\bt\(["']([a-z0-9_-]+)["']\s*[,)]""", template.read_text("utf-8"))
            )
    assert used - message_keys("id") == set()
