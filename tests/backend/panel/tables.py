"""Reading the tables of a panel page as a person would: rows of cell texts, and their links."""

from __future__ import annotations

import html
import re

_TABLE = r'<table[^>]*\bid="{id}"[^>]*>(.*?)</table>'
_BODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a href="([^"]*)"')


def _text(cell: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", cell)).split())


def _body(page: str, table_id: str) -> str:
    table = re.search(_TABLE.format(id=re.escape(table_id)), page, re.S)
    assert table is not None, f"no table #{table_id} on the page"
    body = _BODY.search(table.group(1))
    assert body is not None
    return body.group(1)


def table_rows(page: str, table_id: str) -> list[list[str]]:
    """The body rows of the table with this id, each a list of its cells' text."""
    return [
        [_text(cell) for cell in _CELL.findall(row)] for row in _ROW.findall(_body(page, table_id))
    ]


def row_links(page: str, table_id: str) -> dict[str, str]:
    """The first cell's text of each body row, and the address its link leads to."""
    links = {}
    for row in _ROW.findall(_body(page, table_id)):
        cells = _CELL.findall(row)
        found = _LINK.search(cells[0]) if cells else None
        if found:
            links[_text(cells[0])] = html.unescape(found.group(1))
    return links
