"""The words of the outreach poster (texts/id.ftl, texts/en.ftl): Bahasa Indonesia, then English.

The poster is drawn by a service below the panel, so it keeps its own small catalog
(as the staff alerts do); every line is said in both languages, Indonesian first.
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
    source = resources.files("backend.outreach").joinpath("texts", f"{language}.ftl")
    bundle.add_resource(FluentResource(source.read_text("utf-8")))
    return bundle


def message_keys(language: str) -> set[str]:
    """Every key of a catalog (a test checks both agree)."""
    return set(_bundle(language)._messages)


def say(language: str, key: str, **params: Any) -> str:
    """The message `key` in `language`; a missing key is a bug and raises KeyError."""
    return format_message(_bundle(language), key, params, f"outreach ({language})")


def both(key: str, **params: Any) -> tuple[str, str]:
    """The message in Bahasa Indonesia and in English."""
    return say("id", key, **params), say("en", key, **params)
