"""One TLS context per process for the channels' HTTP clients."""

from __future__ import annotations

import ssl
from functools import cache

import httpx


@cache
def shared_tls_context() -> ssl.SSLContext:
    """httpx's default TLS settings, made once: each client made its own, loading the CA
    certificates again (tens of milliseconds, for every bot, notifier and WhatsApp client)."""
    return httpx.create_ssl_context()
