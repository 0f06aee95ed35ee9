"""Dates as writers type them in a ledger, and as Excel stores them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

# Excel's day 0 is 1899-12-30 from 1900-03-01 on (before that, 1899-12-31).
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_EXCEL_PHANTOM = 60  # Excel's 1900-02-29, a day that never was

_YMD = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL = re.compile(r"\d{1,7}(?:\.\d+)?")

ACCEPTED_FORMS = "2024-01-05、2024/1/5 或 2024年1月5日"


class DateUnreadable(ValueError):
    """A value that is not blank and not a date."""


def from_excel_serial(serial: float) -> date:
    """The date of an Excel serial number (the fraction is the time of day)."""
    if not 1 <= serial <= _EXCEL_MAX_SERIAL or int(serial) == _EXCEL_PHANTOM:
        raise DateUnreadable(str(serial))
    if serial < _EXCEL_PHANTOM:
        return _EXCEL_EPOCH + timedelta(days=int(serial) + 1)
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_date(value: object) -> date | None:
    """A date from a cell: ``None`` when blank; ``DateUnreadable`` when it is not a date.

    Accepted: ``date``/``datetime`` (xlsx date cells), Excel serial numbers (numbers, or
    digits in a CSV), 2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日, 20240105, each optionally
    followed by a time of day.
    """
    if value is None:
        return None
    if value.__class__ is str:  # the common case, first
        text = value.strip()
        return _parse_text(text) if text else None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise DateUnreadable(str(value))
    if isinstance(value, int | float):
        return from_excel_serial(value)
    text = str(value).strip()
    if not text:
        return None
    return _parse_text(text)


@lru_cache(maxsize=8192)
def _parse_text(text: str) -> date:
    norm = unicodedata.normalize("NFKC", text).strip()
    match = _YMD.fullmatch(norm) or _COMPACT.fullmatch(norm)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise DateUnreadable(text) from None
    if _SERIAL.fullmatch(norm):
        return from_excel_serial(float(norm))
    raise DateUnreadable(text)
