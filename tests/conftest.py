"""Shared fixtures: the real published reports copied from shared/samples."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = FIXTURES / "samples"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture
def seed_report_path() -> Path:
    """精河工业园区 2021: the seed report, one table cell per line ending in " |"."""
    return SAMPLES / "jinghe-gongyeyuanqu-2021.txt"
