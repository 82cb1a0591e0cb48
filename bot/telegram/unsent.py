"""Which aiohttp failures mean a request never reached Telegram (both clients use aiohttp)."""

from __future__ import annotations

import aiohttp

# Failures of a request that never reached Telegram: sending it again cannot duplicate it.
# Failures where no answer came because the connection broke: never made, or a
# kept-alive connection the server closed or reset as the request went out. Sent again:
# a piece read twice is better than a next question never read.
NOT_SENT = (
    aiohttp.ClientConnectorError,
    aiohttp.ConnectionTimeoutError,
    aiohttp.ServerDisconnectedError,
    aiohttp.ClientOSError,
    aiohttp.ClientConnectionResetError,
)
