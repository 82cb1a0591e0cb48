"""The Cloud API through pywa: sending, marking read, fetching media; errors in our words."""

from __future__ import annotations

import logging

import httpx
from pywa_async import WhatsApp, types
from pywa_async.errors import WhatsAppError

from bot.tls import shared_tls_context
from bot.whatsapp.render import WhatsAppMessage

log = logging.getLogger(__name__)

GRAPH_HOST = "graph.facebook.com"
# The Cloud API's codes by what the notifier does about them.
_THROTTLED = frozenset({4, 80007, 130429, 131056})
_TRY_LATER = frozenset({1, 2, 131000, 131016, 133004})
_GONE = frozenset({131026, 131047, 131049, 131050})
# The template is missing, unapproved, paused or its parameters do not fit: a status message
# cannot reach this person by WhatsApp now.
_TEMPLATE_REFUSED = frozenset({132000, 132001, 132005, 132007, 132012, 132015, 132016})


class WhatsAppSendError(Exception):
    """A call the Cloud API did not take; `code` is its error code (0: no answer)."""

    def __init__(self, code: int, detail: str) -> None:
        super().__init__(f"({code}) {detail}")
        self.code = code

    @property
    def throttled(self) -> bool:
        """Too many messages now: the same message later."""
        return self.code in _THROTTLED

    @property
    def passing(self) -> bool:
        """No answer, a time-out or trouble on Meta's side: the same message may go later."""
        return self.code == 0 or self.code in _TRY_LATER

    @property
    def recipient_gone(self) -> bool:
        """Not on WhatsApp, outside the 24-hour window, or no approved template to reach them."""
        return self.code in _GONE or self.code in _TEMPLATE_REFUSED


def _graph_session(api_url: str) -> httpx.AsyncClient:
    # pywa always calls graph.facebook.com; WHATSAPP_API_URL (the local stand-in in tests
    # and by hand) is put in its place here, the one seam it leaves.
    root = httpx.URL(api_url)

    async def rebase(request: httpx.Request) -> None:
        if request.url.host == GRAPH_HOST and root.host != GRAPH_HOST:
            request.url = request.url.copy_with(scheme=root.scheme, host=root.host, port=root.port)

    return httpx.AsyncClient(
        event_hooks={"request": [rebase]}, timeout=20.0, verify=shared_tls_context()
    )


class WhatsAppClient:
    """One phone number of the Cloud API."""

    def __init__(self, phone_number_id: str, token: str, api_url: str, api_version: str) -> None:
        self.phone_number_id = phone_number_id
        self._session = _graph_session(api_url)
        self._wa = WhatsApp(
            phone_id=phone_number_id, token=token, session=self._session, api_version=api_version
        )

    async def send(self, to: str, message: WhatsAppMessage) -> str:
        """Sends one message; answers its id (its fate comes later, as a status)."""
        buttons: list[types.Button] | types.SectionList | None = None
        if message.buttons:
            buttons = [types.Button(choice.title, choice.id) for choice in message.buttons]
        elif message.rows:
            rows = [
                types.SectionRow(choice.title, choice.id, description=choice.description)
                for choice in message.rows
            ]
            label = message.list_label or "…"
            buttons = types.SectionList(label, [types.Section(label, rows)])
        try:
            sent = await self._wa.send_message(to, message.text, buttons=buttons)
        except WhatsAppError as error:
            raise WhatsAppSendError(error.code, error.details or error.message) from error
        except httpx.HTTPError as error:
            raise WhatsAppSendError(0, repr(error)) from error
        return str(sent.id)

    async def send_template(self, to: str, name: str, language: str, parameters: list[str]) -> str:
        """Sends an approved template (outside the 24-hour window): its body's parameters in order."""
        body = [{"type": "text", "text": value} for value in parameters]
        template = {
            "name": name,
            "language": {"code": language},
            "components": [{"type": "body", "parameters": body}] if body else [],
        }
        # A number is sent `to`; a business-scoped user id (CC.digits) as `recipient`.
        to_number, recipient = (to, None) if to.isdigit() else (None, to)
        try:
            sent = await self._wa.api.send_message(
                sender=self.phone_number_id, to=to_number, recipient=recipient,
                recipient_type="individual", typ="template", msg=template,
            )  # fmt: skip
        except WhatsAppError as error:
            raise WhatsAppSendError(error.code, error.details or error.message) from error
        except httpx.HTTPError as error:
            raise WhatsAppSendError(0, repr(error)) from error
        return str(sent["messages"][0]["id"])

    async def mark_read(self, message_id: str) -> None:
        """Blue ticks on a message the person sent (a courtesy: failures are only logged)."""
        try:
            await self._wa.mark_message_as_read(message_id)
        except (WhatsAppError, httpx.HTTPError) as error:
            log.debug("mark as read failed: %r", error)

    async def download(self, media_id: str) -> bytes:
        """The bytes of a media file a person sent."""
        try:
            url = await self._wa.get_media_url(media_id)
            return await self._wa.get_media_bytes(url.url)
        except WhatsAppError as error:
            raise WhatsAppSendError(error.code, error.details or error.message) from error
        except httpx.HTTPError as error:
            raise WhatsAppSendError(0, repr(error)) from error

    async def close(self) -> None:
        """Closes the HTTP connections."""
        await self._session.aclose()
