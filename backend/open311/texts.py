"""The words of the Open311 answers (texts/id.ftl, texts/en.ftl): errors, notices, attributes.

Bahasa Indonesia unless the caller's Accept-Language prefers English.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

from backend.fluent import format_message

LANGUAGES = ("id", "en")


@cache
def _bundle(language: str) -> FluentBundle:
    bundle = FluentBundle([language], use_isolating=False)
    source = resources.files("backend.open311").joinpath("texts", f"{language}.ftl")
    bundle.add_resource(FluentResource(source.read_text("utf-8")))
    return bundle


def language_of(language: str | None) -> str:
    """One of LANGUAGES; Bahasa Indonesia for anything else."""
    return language if language in LANGUAGES else "id"


def language_from_header(accept_language: str | None) -> str:
    """English when the Accept-Language header's first choice is English, else Indonesian."""
    first = (accept_language or "").split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "id"


def message_keys(language: str) -> set[str]:
    """Every key of a catalog (a test checks both agree)."""
    return set(_bundle(language)._messages)


def has(language: str, key: str) -> bool:
    """Whether the catalog has the message."""
    return _bundle(language_of(language)).has_message(key)


def say(language: str, key: str, **params: Any) -> str:
    """The message `key` in `language`; a missing key is a bug and raises KeyError."""
    language = language_of(language)
    return format_message(_bundle(language), key, params, f"open311 ({language})")
