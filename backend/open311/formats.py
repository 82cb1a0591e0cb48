"""Open311 documents written as JSON or as XML, with the specification's element names.

A document is its root element's name and a value: a list (one child per item, named
by ITEM_NAMES), a dict (one child per key, in order), or a scalar. JSON is the
value itself (the specification's mapping of its XML); XML is written with the
standard library (nothing is parsed here), preceded by its UTF-8 declaration.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from fastapi.responses import Response

from backend.clock import LOCAL_ZONE

# The element of each item of a list, by the list's element name.
ITEM_NAMES = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"


class Format(StrEnum):
    """The formats every Open311 resource is served in (the suffix of its address)."""

    JSON = "json"
    XML = "xml"


@dataclass(frozen=True, slots=True)
class Document:
    """An Open311 answer: the XML root's name and the value under it."""

    root: str
    value: Any


def w3c(moment: datetime | None) -> str | None:
    """A moment as the specification writes it: W3C date-time with the WIB offset."""
    if moment is None:
        return None
    return moment.astimezone(LOCAL_ZONE).isoformat(timespec="seconds")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(name: str, value: Any) -> ET.Element:
    element = ET.Element(name)
    if isinstance(value, list):
        item_name = ITEM_NAMES[name]
        element.extend(_element(item_name, item) for item in value)
    elif isinstance(value, dict):
        element.extend(_element(key, item) for key, item in value.items())
    else:
        element.text = _text(value)
    return element


def to_xml(document: Document) -> bytes:
    """The document as UTF-8 XML with its declaration."""
    body = ET.tostring(_element(document.root, document.value), encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8")


def to_json(document: Document) -> bytes:
    """The document as UTF-8 JSON."""
    return json.dumps(document.value, ensure_ascii=False).encode("utf-8")


def respond(document: Document, format: Format, *, status_code: int = 200) -> Response:
    """The document in the asked format, with the specification's content type."""
    if format == Format.XML:
        return Response(to_xml(document), status_code=status_code, media_type=XML_TYPE)
    return Response(to_json(document), status_code=status_code, media_type=JSON_TYPE)


def errors_document(*errors: tuple[int, str]) -> Document:
    """The specification's error list: a code and a description each."""
    return Document("errors", [{"code": code, "description": text} for code, text in errors])
