"""Formatting a message of a Fluent catalog, the one way every catalog here does it.

The dialogs, the panel and the staff alerts each keep a catalog of their own; a
missing key, a message without text or a missing parameter is a bug in all of them
and raises KeyError with the catalog's name, rather than showing a half message.
"""

from __future__ import annotations

from typing import Any

from fluent.runtime import FluentBundle


def format_message(bundle: FluentBundle, key: str, params: dict[str, Any], catalog: str) -> str:
    """The message `key` of `bundle` with `params`; KeyError when it cannot be said whole."""
    if not bundle.has_message(key):
        raise KeyError(f"{catalog} message '{key}' is missing")
    pattern = bundle.get_message(key).value
    if pattern is None:
        raise KeyError(f"{catalog} message '{key}' has attributes but no text")
    text, errors = bundle.format_pattern(pattern, params)
    if errors:
        raise KeyError(f"{catalog} message '{key}': {errors[0]}")
    assert isinstance(text, str)  # Fluent gives FluentNone only along with an error
    return text
