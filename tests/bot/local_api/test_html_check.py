"""HTML parse mode: what Telegram accepts, what it refuses, and the plain text it keeps."""

from __future__ import annotations

import pytest

from tests.bot.local_api.conftest import CITIZEN, BotClient
from tests.fixtures.local_bot_api import LocalBotApi
from tests.fixtures.local_bot_api.html_check import HtmlParseError, parse_html


class TestParseHtml:
    def test_nested_allowed_tags_become_entities_with_utf16_offsets(self):
        link = '<a href="https://x.id/?a=1&amp;b=2">tautan</a>'
        parsed = parse_html(f"😀 <b>Tebal <i>miring</i></b> {link}")
        assert parsed.text == "😀 Tebal miring tautan"
        assert parsed.entities == [
            {"offset": 3, "length": 12, "type": "bold"},
            {"offset": 9, "length": 6, "type": "italic"},
            {"offset": 16, "length": 6, "type": "text_link", "url": "https://x.id/?a=1&b=2"},
        ]

    @pytest.mark.parametrize(
        "markup",
        [
            "<strong>a</strong><em>b</em><u>c</u><ins>d</ins>",
            "<s>e</s><strike>f</strike><del>g</del>",
            '<span class="tg-spoiler">a</span><tg-spoiler>b</tg-spoiler><code>c</code>',
            '<pre><code class="language-python">x = 1</code></pre>',
            "<blockquote expandable>q</blockquote>",
            "&lt;&gt;&amp;&quot;&#65;&#x42;",
        ],
    )
    def test_everything_telegram_documents_is_accepted(self, markup: str):
        parse_html(markup)

    @pytest.mark.parametrize(
        ("markup", "error"),
        [
            ("<script>alert(1)</script>", 'Unsupported start tag "script" at byte offset 0'),
            ("Tom & Jerry", 'bare "&" at byte offset 4'),
            ("&nbsp;", "at byte offset 0"),
            ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
            ("<b>tebal", "Can't find end tag corresponding to start tag b"),
            ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
            ("x</b>", "Unexpected end tag at byte offset 1"),
            ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
            ("<b", "Unclosed start tag at byte offset 0"),
        ],
    )
    def test_what_telegram_refuses_is_refused(self, markup: str, error: str):
        with pytest.raises(HtmlParseError) as raised:
            parse_html(markup)
        assert error in str(raised.value)

    def test_byte_offsets_count_utf8_bytes(self):
        with pytest.raises(HtmlParseError, match="byte offset 6"):
            parse_html("é é <p>")

    def test_escaped_markup_is_text(self):
        assert parse_html("&lt;script&gt;").text == "<script>"


class TestHtmlOverHttp:
    async def test_a_refused_text_is_a_400_cant_parse_entities(
        self, bot: BotClient, api: LocalBotApi
    ):
        api.send_text(CITIZEN, "halo")
        for text in ("<script>x</script>", "a & b"):
            status, body = await bot.call(
                "sendMessage", chat_id=CITIZEN, text=text, parse_mode="HTML"
            )
            assert status == 400
            assert body["description"].startswith("Bad Request: can't parse entities: ")

    async def test_escaped_script_is_stored_as_plain_text(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        html = "<b>Keluhan:</b> &lt;script&gt;"
        message = await bot.ok("sendMessage", chat_id=CITIZEN, text=html, parse_mode="HTML")
        assert message["text"] == "Keluhan: <script>"
        assert message["entities"] == [{"offset": 0, "length": 8, "type": "bold"}]
        stored = api.last_message(CITIZEN)
        assert (stored.text, stored.html, stored.parse_mode) == ("Keluhan: <script>", html, "HTML")

    async def test_without_parse_mode_tags_are_just_text(self, bot: BotClient, api: LocalBotApi):
        api.send_text(CITIZEN, "halo")
        message = await bot.ok("sendMessage", chat_id=CITIZEN, text="<b> & </b>")
        assert message["text"] == "<b> & </b>"
