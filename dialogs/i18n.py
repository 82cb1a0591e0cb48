"""Message catalogs (Fluent files in dialogs/texts/) and locale-aware formatting.

Basa Sunda's catalog holds what a citizen reads (main, notifications, privacy);
any other key (the facilitators' and staff's words, keys not yet translated) is
said in Bahasa Indonesia, the fallback of every language but itself.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from babel.dates import format_date
from fluent.runtime import FluentBundle, FluentResource

from backend.fluent import format_message

LANGUAGES = ("id", "en", "su")
DEFAULT_LANGUAGE = "id"
# Catalogs that may leave keys out: those are taken from Bahasa Indonesia.
FALLS_BACK = frozenset({"su"})


@cache
def _bundle(language: str) -> FluentBundle:
    bundle = FluentBundle([language], use_isolating=False)
    folder = resources.files("dialogs.texts").joinpath(language)
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".ftl"):
            bundle.add_resource(FluentResource(entry.read_text("utf-8")))
    return bundle


def _bundle_with(language: str, key: str) -> FluentBundle:
    """The bundle that says `key` in `language`: its own, else Bahasa Indonesia's."""
    own = _bundle(language)
    if own.has_message(key) or language not in FALLS_BACK:
        return own
    return _bundle(DEFAULT_LANGUAGE)


def normalise_language(language: str | None) -> str:
    """One of LANGUAGES for a channel's hint such as 'en-US'; Bahasa Indonesia otherwise."""
    if language and language[:2].lower() in LANGUAGES:
        return language[:2].lower()
    return DEFAULT_LANGUAGE


def content_language(language: str) -> str:
    """The language of staff-written content (information pages) a chat reads: its own or id."""
    language = normalise_language(language)
    return DEFAULT_LANGUAGE if language in FALLS_BACK else language


def has_message(language: str, key: str) -> bool:
    """Whether `key` can be said in `language` (its own catalog or the fallback)."""
    return _bundle_with(normalise_language(language), key).has_message(key)


def translate(language: str, key: str, **params: Any) -> str:
    """The message `key` in `language`; a missing key is a bug and raises KeyError."""
    language = normalise_language(language)
    return format_message(_bundle_with(language, key), key, params, f"dialog ({language})")


def message_keys(language: str) -> set[str]:
    """Every message key of a catalog's own files, without the fallback (for the tests)."""
    return set(_bundle(language)._messages)


def format_day(language: str, day: date | None) -> str:
    """A date a person reads: '28 November 2026' style (babel knows Sundanese: '28 Nopémber')."""
    if day is None:
        return "-"
    return format_date(day, "d MMMM y", locale=normalise_language(language))
