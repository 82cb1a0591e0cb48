"""The table of Bot API methods the local server knows, filled by the methods_* modules."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from bot.telegram.local_api.params import Params
from bot.telegram.local_api.state import BotWorld

Handler = Callable[[BotWorld, Params], Awaitable[Any]]


class Described(NamedTuple):
    """A result that Telegram answers with a description beside it (setWebhook and friends)."""

    result: Any
    description: str


@dataclass(frozen=True)
class BotMethod:
    """One Bot API method: its canonical name, its handler, whether flood limits apply."""

    name: str
    handler: Handler
    limited: bool = False


_METHODS: dict[str, BotMethod] = {}


def bot_method(name: str, limited: bool = False) -> Callable[[Handler], Handler]:
    """Registers a handler under a Bot API method name."""

    def register(handler: Handler) -> Handler:
        _METHODS[name.lower()] = BotMethod(name, handler, limited)
        return handler

    return register


def find_method(name: str) -> BotMethod | None:
    """The method with this name; Telegram does not mind the case of method names."""
    return _METHODS.get(name.lower())


def method_names() -> list[str]:
    """Canonical names of every known method."""
    return sorted(method.name for method in _METHODS.values())
