"""Fixtures for the ledger tests."""

from __future__ import annotations

from datetime import date

import pytest

TODAY = date(2025, 1, 10)


@pytest.fixture
def today() -> date:
    return TODAY
