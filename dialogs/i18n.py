"""Message catalogs (Fluent files in dialogs/texts/) and locale-aware formatting."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from babel.dates import format_date
from fluent.runtime import FluentBundle, FluentResource

from backend.fluent import format_message

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


@cache
def _bundle(language: str) -> FluentBundle:
    bundle = FluentBundle([language], use_isolating=False)
    folder = resources.files("dialogs.texts").joinpath(language)
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".ftl"):
            bundle.add_resource(FluentResource(entry.read_text("utf-8")))
    return bundle


def normalise_language(language: str | None) -> str:
    """One of LANGUAGES for a channel's hint such as 'en-US'; Bahasa Indonesia otherwise."""
    if language and language[:2].lower() in LANGUAGES:
        return language[:2].lower()
    return DEFAULT_LANGUAGE


def has_message(language: str, key: str) -> bool:
    """Whether the catalog of `language` has `key`."""
    return _bundle(language).has_message(key)


def translate(language: str, key: str, **params: Any) -> str:
    """The message `key` in `language`; a missing key is a bug and raises KeyError."""
    language = normalise_language(language)
    return format_message(_bundle(language), key, params, f"dialog ({language})")


def message_keys(language: str) -> set[str]:
    """Every message key of a catalog (for the test that both catalogs agree)."""
    return set(_bundle(language)._messages)


def format_day(language: str, day: date | None) -> str:
    """A date a person reads: '28 November 2026' / 'Sabtu, 28 November 2026' style."""
    if day is None:
        return "-"
    return format_date(day, "d MMMM y", locale=normalise_language(language))
