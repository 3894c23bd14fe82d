"""A top-level JSON list read item by item from a text stream: the standard ``json`` module has no incremental
reader, and a wire feed delivered as one big list must not be held in memory whole."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator

from ..records import ImportFailure


class JsonList:
    """Decode a top-level JSON list item by item from a text stream (``json`` has no incremental reader)."""

    CHUNK = 64 * 1024
    _SPACE = re.compile(r"[ \t\r\n]*")

    def __init__(self, text: io.TextIOWrapper, name: str, first: str, line: int):
        self.text, self.name, self.line = text, name, line
        self.buffer = first[first.index("[") + 1 :]
        self.pos, self.eof = 0, False
        self.decoder = json.JSONDecoder()

    def __iter__(self) -> Iterator:
        expect_item, empty = True, True  # an item may come after "[" or ","
        while (char := self._next_char()) != "]" or (expect_item and not empty):
            if char == "," and not expect_item:
                self.pos, expect_item = self.pos + 1, True
                continue
            if not expect_item or char in ",]":
                self._fail("Expecting ',' delimiter" if not expect_item else "Expecting value", self.pos)
            yield self._decode()
            expect_item, empty = False, False
        self.pos += 1
        if self._next_char() != "":
            self._fail("Extra data", self.pos)

    def _next_char(self) -> str:
        """The next non-space character, reading more as needed; "" at the end of the file."""
        while True:
            self.pos = self._SPACE.match(self.buffer, self.pos).end()
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def _decode(self):
        while True:
            try:
                obj, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                if self._more():
                    continue
                self._fail(exc.msg, exc.pos)
            if end < len(self.buffer) or not self._more():  # a number may go on in the next chunk
                self.pos = end
                return obj

    def _more(self) -> bool:
        """Drop what was read, append at least as much again as is held: False at the end of the file."""
        if self.eof:
            return False
        self.line += self.buffer.count("\n", 0, self.pos)
        self.buffer, self.pos = self.buffer[self.pos :], 0
        chunk = self.text.read(max(self.CHUNK, len(self.buffer)))
        self.eof = not chunk
        self.buffer += chunk
        return not self.eof

    def _fail(self, message: str, pos: int):
        if pos == len(self.buffer) and self.eof and message != "Extra data":
            message = "unexpected end of file"
        where = f"{self.name} line {self.line + self.buffer.count(chr(10), 0, pos)}"
        raise ImportFailure(f"invalid JSON: {message}", where=where)
