"""Showing a draft while the model writes it: the sentences, not the JSON around them.

The model streams JSON (``{"problems": [{"problem": {"text": "一是……", …``); the sink pulls
each ``"text"`` value out of the partial answer as it grows and prints the new characters, one
sentence a line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TextIO

_TEXT_VALUE = re.compile(r'"text"\s*:\s*"((?:[^"\\]|\\.)*)("?)')


def partial_texts(buffer: str) -> list[str]:
    """The ``"text"`` values in a partial JSON answer; the last may be unfinished."""
    out = []
    for match in _TEXT_VALUE.finditer(buffer):
        raw = match.group(1)
        raw = re.sub(r"\\u[0-9a-fA-F]{0,3}$|\\$", "", raw)  # an escape cut off mid-way
        try:
            out.append(json.loads(f'"{raw}"'))
        except json.JSONDecodeError:
            out.append(raw)
    return out


@dataclass
class TerminalSink:
    """Prints the sentences of a streaming JSON answer to a terminal (or any text stream)."""

    out: TextIO
    _buffer: str = ""
    _shown: list[int] = field(default_factory=list)

    def start(self, label: str) -> None:
        self._buffer, self._shown = "", []
        if label:
            self.out.write(f"\n【{label}】\n")
            self.out.flush()

    def token(self, piece: str) -> None:
        self._buffer += piece
        texts = partial_texts(self._buffer)
        for index, text in enumerate(texts):
            if index >= len(self._shown):
                if self._shown:
                    self.out.write("\n")
                self._shown.append(0)
            new = text[self._shown[index]:]
            if new:
                self.out.write(new)
                self._shown[index] = len(text)
        self.out.flush()

    def restart(self, reason: str) -> None:
        self.out.write(f"\n（{reason}）\n")
        self._buffer, self._shown = "", []
        self.out.flush()


@dataclass
class CollectingSink:
    """Keeps every label and token (for tests and for UIs that render themselves)."""

    labels: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    restarts: list[str] = field(default_factory=list)

    def start(self, label: str) -> None:
        self.labels.append(label)

    def token(self, piece: str) -> None:
        self.tokens.append(piece)

    def restart(self, reason: str) -> None:
        self.restarts.append(reason)
