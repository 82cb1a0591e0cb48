"""The panel's words: Fluent catalogs in backend/panel/texts/, and dates as staff read them."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from babel.units import format_unit
from fluent.runtime import FluentBundle, FluentResource

from backend.clock import LOCAL_ZONE
from backend.fluent import format_message

LANGUAGES = ("id", "en")
_NOT_IN_KEYS = re.compile(r"[^A-Za-z0-9_-]")
DEFAULT_LANGUAGE = "id"


def normalise_language(language: str | None) -> str:
    """One of LANGUAGES; Bahasa Indonesia for anything else."""
    if language and language[:2].lower() in LANGUAGES:
        return language[:2].lower()
    return DEFAULT_LANGUAGE


@cache
def _bundle(language: str) -> FluentBundle:
    bundle = FluentBundle([language], use_isolating=False)
    source = resources.files("backend.panel").joinpath("texts", f"{language}.ftl")
    bundle.add_resource(FluentResource(source.read_text("utf-8")))
    return bundle


def message_keys(language: str) -> set[str]:
    """Every key of a catalog (a test checks both catalogs agree)."""
    return set(_bundle(language)._messages)


class Texts:
    """The catalog of one language, called as t("key", name=value) in code and templates."""

    def __init__(self, language: str) -> None:
        self.language = normalise_language(language)
        self._bundle = _bundle(self.language)

    def __call__(self, key: str, **params: Any) -> str:
        """The message `key`; a missing key is a bug and raises KeyError."""
        return format_message(self._bundle, key, params, f"panel ({self.language})")

    def has(self, key: str) -> bool:
        """Whether the catalog has `key` (for labels of values the code may not know yet)."""
        return self._bundle.has_message(key)

    def label(self, prefix: str, value: object, fallback: str | None = None) -> str:
        """The label of an enum-like value (status-received); the raw value if none is known."""
        if value is None:
            return fallback if fallback is not None else "–"
        raw = str(getattr(value, "value", value))
        # Fluent keys hold letters, digits, - and _ only ("chat:web" → consent-chat-web).
        key = f"{prefix}-{_NOT_IN_KEYS.sub('-', raw)}"
        return self(key) if self.has(key) else raw

    def size(self, size_bytes: int | None) -> str:
        """A file size as people read it: 394 B, 1,5 kB, 2,4 MB (decimal units, as babel's)."""
        if size_bytes is None:
            return "–"
        if size_bytes < 1000:
            return f"{format_decimal(size_bytes, locale=self.language)} B"
        unit, scale = ("digital-kilobyte", 1e3) if size_bytes < 1e6 else ("digital-megabyte", 1e6)
        return format_unit(
            size_bytes / scale, unit, length="short", format="#,##0.#", locale=self.language
        )

    def day(self, value: date | None) -> str:
        """A date as staff read it: 28 Nov 2026."""
        if value is None:
            return "–"
        return format_date(value, "d MMM y", locale=self.language)

    def when(self, value: datetime | None) -> str:
        """An instant in WIB: 28 Nov 2026 14:05."""
        if value is None:
            return "–"
        return format_datetime(value.astimezone(LOCAL_ZONE), "d MMM y HH:mm", locale=self.language)

    def iso_local(self, value: datetime | None) -> str:
        """The instant for a <time datetime=…> attribute."""
        return value.astimezone(LOCAL_ZONE).isoformat(timespec="minutes") if value else ""


@cache
def texts_for(language: str | None) -> Texts:
    """The catalog of a language (one per process)."""
    return Texts(normalise_language(language))
