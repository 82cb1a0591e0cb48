"""Telegram's HTML parse mode: the markup it accepts, and the plain text and entities it keeps.

Follows the rules of Telegram's own parser (tags, attributes, the four named
entities, numeric references, error wording with byte offsets) with one
deliberate difference: a bare `&` in the text is refused. The Bot API manual
says every `&` outside a tag or entity must be escaped, and Telegram only
forgives it by accident; refusing it here catches a missing escape in tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)

_SIMPLE_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}

_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]+));?")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]*")


class HtmlParseError(ValueError):
    """Markup Telegram would refuse; the text is what follows "can't parse entities: "."""


@dataclass
class FormattedText:
    """Plain text as the recipient sees it, with Bot API MessageEntity dicts (UTF-16 offsets)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    attributes: dict[str, str]
    offset: int  # UTF-16 offset in the output where the tag's content starts
    piece_index: int  # index into the output pieces, to recover the content
    byte_offset: int


def utf16_length(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> FormattedText:
    """Parses text in HTML parse mode or raises HtmlParseError worded like Telegram."""
    pieces: list[str] = []
    length16 = 0
    entities: list[dict[str, Any]] = []
    open_tags: list[_OpenTag] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "&":
            decoded, i = _decode_entity(source, i)
        elif char != "<":
            decoded, i = char, i + 1
        elif source.startswith("</", i):
            i = _close_tag(source, i, open_tags, entities, pieces, length16)
            continue
        else:
            tag, i = _open_tag(source, i, length16, len(pieces))
            open_tags.append(tag)
            continue
        pieces.append(decoded)
        length16 += utf16_length(decoded)
    if open_tags:
        raise HtmlParseError(f"Can't find end tag corresponding to start tag {open_tags[-1].name}")
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # a language only counts inside <pre>
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return FormattedText("".join(pieces), entities)


def strip_formatted(formatted: FormattedText) -> FormattedText:
    """Drops leading and trailing white space as Telegram does, moving entities along."""
    text = formatted.text
    stripped = text.strip()
    if stripped == text:
        return formatted
    shift = utf16_length(text[: len(text) - len(text.lstrip())])
    end = utf16_length(stripped)
    entities = []
    for entity in formatted.entities:
        start = max(0, entity["offset"] - shift)
        stop = min(end, entity["offset"] + entity["length"] - shift)
        if stop > start:
            entities.append({**entity, "offset": start, "length": stop - start})
    return FormattedText(stripped, entities)


def _byte_offset(source: str, index: int) -> int:
    # Telegram reports positions in UTF-8 bytes of the text it was sent.
    return len(source[:index].encode("utf-8"))


def _decode_entity(source: str, index: int) -> tuple[str, int]:
    match = _ENTITY.match(source, index)
    code = 0
    if match:
        decimal, hexadecimal, name = match.groups()
        if decimal:
            code = int(decimal)
        elif hexadecimal:
            code = int(hexadecimal, 16)
        elif name in _NAMED_ENTITIES:
            return _NAMED_ENTITIES[name], match.end()
    if not 0 < code < 0x10FFFF:
        raise HtmlParseError(
            f'Unknown HTML entity or bare "&" at byte offset {_byte_offset(source, index)}; '
            "escape it as &amp;"
        )
    if 0xD800 <= code <= 0xDFFF:
        raise HtmlParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    return chr(code), match.end()  # type: ignore[union-attr]


def _skip_spaces(source: str, index: int) -> int:
    while index < len(source) and source[index].isspace():
        index += 1
    return index


def _open_tag(source: str, start: int, offset16: int, piece_index: int) -> tuple[_OpenTag, int]:
    at = _byte_offset(source, start)
    i = start + 1
    while i < len(source) and not source[i].isspace() and source[i] != ">":
        i += 1
    if i >= len(source):
        raise HtmlParseError(f"Unclosed start tag at byte offset {at}")
    name = source[start + 1 : i].lower()
    if name not in ALLOWED_TAGS:
        raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {at}')
    attributes: dict[str, str] = {}
    while True:
        i = _skip_spaces(source, i)
        if i >= len(source):
            raise HtmlParseError(f'Unclosed start tag "{name}" at byte offset {at}')
        if source[i] == ">":
            break
        attribute_start = i
        while i < len(source) and not source[i].isspace() and source[i] not in "=>":
            i += 1
        attribute = source[attribute_start:i].lower()
        if not attribute:
            raise HtmlParseError(f'Empty attribute name in the tag "{name}" at byte offset {at}')
        i = _skip_spaces(source, i)
        valueless = (name, attribute) == ("blockquote", "expandable")
        if valueless and i < len(source) and source[i] != "=":
            attributes[attribute] = ""  # the one attribute Telegram takes without a value
            continue
        if i >= len(source) or source[i] != "=":
            raise HtmlParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{name}" at byte offset {at}'
            )
        i = _skip_spaces(source, i + 1)
        if i >= len(source):
            raise HtmlParseError(f'Unclosed start tag "{name}" at byte offset {at}')
        value, i = _attribute_value(source, i, at)
        attributes[attribute] = value
    _check_attributes(name, attributes, at)
    return _OpenTag(name, attributes, offset16, piece_index, at), i + 1


def _attribute_value(source: str, i: int, at: int) -> tuple[str, int]:
    quote = source[i]
    if quote not in "'\"":
        token = _NAME_TOKEN.match(source, i)
        end = token.end() if token else i
        if end >= len(source) or not (source[end].isspace() or source[end] == ">"):
            raise HtmlParseError(
                f"Unexpected end of name token at byte offset {_byte_offset(source, i)}"
            )
        return source[i:end].lower(), end
    end = source.find(quote, i + 1)
    if end < 0:
        raise HtmlParseError(f"Unclosed start tag at byte offset {at}")
    # Inside attribute values Telegram decodes the entities it knows and keeps
    # anything else as typed; URLs with a raw "&" are common and it accepts them.
    raw = source[i + 1 : end]
    return _ENTITY.sub(lambda m: _lenient_entity(m), raw), end + 1


def _lenient_entity(match: re.Match[str]) -> str:
    try:
        return _decode_entity(match.group(0), 0)[0]
    except HtmlParseError:
        return match.group(0)


def _check_attributes(name: str, attributes: dict[str, str], at: int) -> None:
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
    if name == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
        raise HtmlParseError("Invalid custom emoji identifier specified")


def _close_tag(
    source: str,
    start: int,
    open_tags: list[_OpenTag],
    entities: list[dict[str, Any]],
    pieces: list[str],
    length16: int,
) -> int:
    at = _byte_offset(source, start)
    if not open_tags:
        raise HtmlParseError(f"Unexpected end tag at byte offset {at}")
    i = start + 2
    while i < len(source) and not source[i].isspace() and source[i] != ">":
        i += 1
    name = source[start + 2 : i].lower()
    i = _skip_spaces(source, i)
    if i >= len(source) or source[i] != ">":
        raise HtmlParseError(f"Unclosed end tag at byte offset {at}")
    tag = open_tags.pop()
    if name and name != tag.name:
        raise HtmlParseError(
            f'Unmatched end tag at byte offset {at}, expected "</{tag.name}>", found "</{name}>"'
        )
    if length16 > tag.offset:
        entity = _entity_for(tag, length16 - tag.offset, "".join(pieces[tag.piece_index :]))
        _merge_pre_code(entity, entities)
        entities.append(entity)
    return i + 1


def _entity_for(tag: _OpenTag, length: int, content: str) -> dict[str, Any]:
    entity: dict[str, Any] = {"offset": tag.offset, "length": length}
    if tag.name in _SIMPLE_ENTITY_TYPES:
        entity["type"] = _SIMPLE_ENTITY_TYPES[tag.name]
    elif tag.name == "a":
        entity.update(type="text_link", url=tag.attributes.get("href") or content)
    elif tag.name == "code":
        entity["type"] = "code"
        language = tag.attributes.get("class", "")
        if language.startswith("language-"):
            entity["language"] = language.removeprefix("language-")
    elif tag.name == "pre":
        entity["type"] = "pre"
    elif tag.name == "blockquote":
        expandable = "expandable" in tag.attributes
        entity["type"] = "expandable_blockquote" if expandable else "blockquote"
    else:  # tg-emoji
        entity.update(type="custom_emoji", custom_emoji_id=tag.attributes["emoji-id"])
    return entity


def _merge_pre_code(entity: dict[str, Any], entities: list[dict[str, Any]]) -> None:
    # <pre><code class="language-x"> is one pre block with a language, not two entities.
    if entity["type"] != "pre" or not entities:
        return
    inner = entities[-1]
    same_span = (inner["offset"], inner["length"]) == (entity["offset"], entity["length"])
    if inner["type"] == "code" and same_span and "language" in inner:
        entity["language"] = inner["language"]
        entities.pop()
