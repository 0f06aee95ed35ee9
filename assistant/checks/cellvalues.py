"""What a report printed in each table cell, as the checks need to know it.

A cell is a number; or blank (printed empty, "（空）", "/", "-", "无": must be 0, counts as 0 in
sums); or wrong (text, a fraction in a count: the table rules cannot use it); or unreadable (run
together with its neighbours in more than one way, or not split at all: the parser already
said so); or missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache
from types import MappingProxyType

from assistant.cells import FormatVersion, ValueKind, cell_spec, cell_specs
from assistant.report import Report

Number = int | Decimal

BLANK_MARKS = frozenset({
    "", "空", "（空）", "(空)", "空白", "/", "／", "\\", "-", "－", "—", "——", "--", "―", "_",
    "无", "（无）", "(无)", "暂无", "——/", "×",
})
NUMERIC = re.compile(r"^[-−－]?\d+(?:[.．]\d+)?$")
_INTEGER = re.compile(r"[-−－]?\d+")
# Parser findings after which the cells they name hold no reading.
PARSER_UNREAD = frozenset({"parse.ambiguous_split", "parse.split_failed", "parse.cells_missing",
                           "parse.row_missing"})


class State(Enum):
    NUMBER = "number"
    BLANK = "blank"
    NOT_INTEGER = "not_integer"
    TEXT = "text"
    UNREADABLE = "unreadable"  # split ambiguously, or the parser could not read it (it said so)
    MISSING = "missing"


# What sums may use (a tuple: members compare by identity, faster than they hash).
_USABLE = (State.NUMBER, State.BLANK)
# The state of a blank, for hot loops: an enumeration's members are slow to reach through it.
BLANK = State.BLANK


@dataclass(frozen=True)
class Reading:
    state: State
    value: Number | None = None
    raw: str | None = None

    @property
    def usable(self) -> bool:
        """Whether sums may use it (a number, or a blank taken as 0)."""
        return self.state in _USABLE

    @property
    def amount(self) -> Number:
        """The value for sums: blanks count as 0. Only meaningful when ``usable``."""
        return self.value if self.value is not None else 0


class CellReader:
    """Reads the cells of one report (and remembers what it read); cheap to build."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.version = report.version
        # the report's maps, held here: a model's attributes are slow to reach in hot loops
        self.cells = report.cells
        self.raw_cells = report.raw_cells
        self._readings: dict[str, Reading] = {}
        # what rules computed from the cells and may need again (keyed by the rule)
        self.memo: dict[tuple[str, ...], object] = {}
        self._unreadable = frozenset(
            {address for amb in report.ambiguities for cand in amb.candidates for address in cand}
            | {address for f in report.parse_findings if f.code in PARSER_UNREAD
               for address in (*((f.cell,) if f.cell else ()), *f.cells)}
        )
        # computed when first asked for (plain attributes, not cached_property: the class is
        # compiled by mypyc, whose classes keep no instance __dict__ to cache in)
        self._values: list[Number | None] | None = None
        self._amounts: list[Number | None] | None = None
        self._complete: bool | None = None
        self._positions: dict[str, int] | None = None  # _positions(version), when first asked

    @property
    def values(self) -> list[Number | None]:
        """What each cell of the format prints as a number (``None``: anything else), in the
        order of :func:`format_addresses`: looked up once for all the table rules."""
        if self._values is None:
            cells = self.cells  # a dict: compiled, its get is called directly (map's is not)
            self._values = [cells.get(address) for address in format_addresses(self.version)]
        return self._values

    @property
    def complete(self) -> bool:
        """Whether every cell of the format prints a number (the common case)."""
        if self._complete is None:
            self._complete = first_none(self.values) < 0
        return self._complete

    @property
    def amounts(self) -> list[Number | None]:
        """What each cell of the format counts for in sums, in the order of
        :func:`format_addresses`: its number, 0 for a blank, ``None`` when sums cannot use it
        (each cell not printed as a number is read once, here)."""
        if self._amounts is None:
            self._amounts = self._read_amounts()
        return self._amounts

    def _read_amounts(self) -> list[Number | None]:
        values = self.values
        if self.complete:
            return values
        cells, unreadable = self.cells, self._unreadable
        addresses = format_addresses(self.version)  # the values', one for one
        amounts: list[Number | None] = []
        for at, value in enumerate(values):
            if value is None:
                address = addresses[at]
                # a blank mark as printed is a blank (what _read finds first), known without reading
                if (address in cells and address not in unreadable
                        and self.printed(address) in _BLANKS) or self.read(address).state is BLANK:
                    value = 0
            amounts.append(value)
        return amounts

    def amounts_of(self, addresses: Iterable[str]) -> list[Number | None]:
        """What ``addresses`` count for in sums (as :attr:`amounts` says)."""
        position = self._positions
        if position is None:  # a cached function's call costs more than its work here
            position = self._positions = _positions(self.version)
        amounts = self.amounts
        return [amounts[at] if (at := position.get(address)) is not None
                else (reading.amount if (reading := self.read(address)).usable else None)
                for address in addresses]

    def printed(self, address: str) -> str:
        """The text a cell held as unread prints ("" when nothing): a blank's mark."""
        return self.raw_cells.get(address, "")

    def read(self, address: str) -> Reading:
        known = self._readings.get(address)
        if known is None:
            known = self._readings[address] = self._read(address)
        return known

    def _read(self, address: str) -> Reading:
        cells = self.cells
        if address not in cells:
            return _UNREADABLE if address in self._unreadable else _MISSING
        value = cells[address]
        if value is not None:
            return Reading(State.NUMBER, value)
        if address in self._unreadable:
            return _UNREADABLE
        raw = self.printed(address)
        blank = _BLANKS.get(raw)  # a blank mark as printed (or nothing): the common blank
        if blank is not None:
            return blank
        text = _clean(raw)
        if text in BLANK_MARKS:
            return Reading(State.BLANK, None, raw)
        if NUMERIC.match(text):
            # A number the report holds as unread: a fraction where a count is due is the
            # report's error; anything else the reader could not take (it says why).
            kind = cell_spec(self.version, address).kind
            fraction = not _INTEGER.fullmatch(text)
            if fraction and kind is not ValueKind.AMOUNT:
                return Reading(State.NOT_INTEGER, None, raw)
            return Reading(State.UNREADABLE, None, raw)
        return Reading(State.TEXT, None, raw)

    def number(self, address: str) -> Number | None:
        """The value for sums (blank as 0), or ``None`` when it cannot be used."""
        value = self.cells.get(address)
        if value is not None:
            return value
        reading = self.read(address)
        return reading.amount if reading.usable else None


_UNREADABLE = Reading(State.UNREADABLE)
_MISSING = Reading(State.MISSING)
# The reading of each blank mark printed as it is (readings are immutable: shared by all reports).
_BLANKS = {mark: Reading(State.BLANK, None, mark) for mark in BLANK_MARKS}


def first_none(values: list[Number | None], start: int = 0) -> int:
    """Where the first ``None`` of ``values`` from ``start`` is (-1: none): ``None in values``
    compares each item by ``==`` (the slow way for numbers); this compares identities."""
    for i in range(start, len(values)):
        if values[i] is None:
            return i
    return -1


def _clean(raw: str) -> str:
    return "".join(raw.split())


def fmt(value: Number | None) -> str:
    """A number as a report prints it (Decimal without trailing zeros)."""
    if value is None:
        return "空"
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    return str(value)


@cache
def format_addresses(version: FormatVersion) -> tuple[str, ...]:
    """The addresses of every cell of the format, in printed order (tables 二, 三, 四)."""
    return tuple(spec.address for spec in cell_specs(version))


@cache
def address_positions(version: FormatVersion) -> Mapping[str, int]:
    """Where each address is in :func:`format_addresses`."""
    return MappingProxyType(_positions(version))


@cache
def _positions(version: FormatVersion) -> dict[str, int]:
    """:func:`address_positions` as a plain dict, for this module's hot look-ups only (never
    handed out: shared by all readers): compiled, a dict's get is called directly, where a
    mapping proxy's goes through a method call to the dict's."""
    return {address: i for i, address in enumerate(format_addresses(version))}


@cache
def table_addresses(version: FormatVersion) -> Mapping[str, tuple[str, ...]]:
    """The addresses of each table ("t2", "t3", "t4") of the format, in printed order."""
    out: dict[str, list[str]] = {}
    for spec in cell_specs(version):
        out.setdefault(spec.table, []).append(spec.address)
    return MappingProxyType({table: tuple(found) for table, found in out.items()})


def table_absent(report: Report, table: str) -> bool:
    """Whether no cell of ``table`` ("t2", "t3", "t4") was read: all absent or empty-handed."""
    get, raw = report.cells.get, report.raw_cells
    for address in table_addresses(report.version).get(table, ()):
        if get(address) is not None or address in raw:
            return False
    return True
