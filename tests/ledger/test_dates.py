"""Dates as typed by hand and as stored by Excel."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from assistant.ledger.dates import DateUnreadable, from_excel_serial, parse_date


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-01-05", date(2024, 1, 5)),
    ("2024/1/5", date(2024, 1, 5)),
    ("2024年1月5日", date(2024, 1, 5)),
    ("2024 年 1 月 5 日", date(2024, 1, 5)),
    ("２０２４年１月５日", date(2024, 1, 5)),
    ("2024.1.5", date(2024, 1, 5)),
    ("20240105", date(2024, 1, 5)),
    ("2024/1/5 0:00", date(2024, 1, 5)),
    ("2024-01-05 13:45:10", date(2024, 1, 5)),
    ("45296", date(2024, 1, 5)),
    ("45296.75", date(2024, 1, 5)),
    (45296, date(2024, 1, 5)),
    (45296.5, date(2024, 1, 5)),
    (datetime(2024, 1, 5, 9, 30), date(2024, 1, 5)),
    (date(2024, 12, 31), date(2024, 12, 31)),
    ("2024-02-29", date(2024, 2, 29)),
])
def test_accepted_forms(value: object, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_is_none(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize("value", [
    "2024-13-01", "2023-02-29", "2024/1/32", "明天", "1/5/2024", "2024-1", "0", True, -3,
])
def test_unreadable(value: object) -> None:
    with pytest.raises(DateUnreadable):
        parse_date(value)


def test_excel_serials_around_known_dates() -> None:
    assert from_excel_serial(1) == date(1900, 1, 1)
    assert from_excel_serial(59) == date(1900, 2, 28)
    assert from_excel_serial(61) == date(1900, 3, 1)
    with pytest.raises(DateUnreadable):
        from_excel_serial(60)  # Excel's 1900-02-29, which never existed
    assert from_excel_serial(45657) == date(2024, 12, 31)
    assert from_excel_serial(45658) == date(2025, 1, 1)
