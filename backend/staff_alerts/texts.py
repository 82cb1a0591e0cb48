"""The words of staff alerts and digests (texts/id.ftl, texts/en.ftl), outside the panel.

Alerts are written by jobs and services that run without a request, and the panel's
own catalog belongs to a room above them; so alerts keep their small catalog here.
An email carries Bahasa Indonesia first and English under it; a Telegram message the
language of the staff member's account.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from babel.dates import format_date
from fluent.runtime import FluentBundle, FluentResource

from backend.fluent import format_message

LANGUAGES = ("id", "en")
# Between the Indonesian and the English text of one email.
LANGUAGE_SEPARATOR = "\n\n" + "-" * 40 + "\n\n"


@cache
def _bundle(language: str) -> FluentBundle:
    bundle = FluentBundle([language], use_isolating=False)
    source = resources.files("backend.staff_alerts").joinpath("texts", f"{language}.ftl")
    bundle.add_resource(FluentResource(source.read_text("utf-8")))
    return bundle


def language_of(language: str | None) -> str:
    """One of LANGUAGES; Bahasa Indonesia for anything else."""
    return language if language in LANGUAGES else "id"


def message_keys(language: str) -> set[str]:
    """Every key of a catalog (a test checks both agree)."""
    return set(_bundle(language)._messages)


def say(language: str, key: str, **params: Any) -> str:
    """The message `key` in `language`; a missing key is a bug and raises KeyError."""
    language = language_of(language)
    return format_message(_bundle(language), key, params, f"alert ({language})")


def day(language: str, value: date | None) -> str:
    """A date as staff read it: 4 Desember 2026 / 4 December 2026."""
    if value is None:
        return "-"
    return format_date(value, "EEEE, d MMMM y", locale=language_of(language))


def both_languages(write: Callable[[str], str]) -> str:
    """The same text in Bahasa Indonesia, then in English (for email)."""
    return LANGUAGE_SEPARATOR.join(write(language) for language in LANGUAGES)
