"""Fixtures for the parser tests: the real samples, parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.parsing import parse_file
from assistant.report import Report

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


@pytest.fixture(scope="session")
def parsed() -> dict[str, Report]:
    """Every sample report parsed, by file name."""
    return {
        path.name: parse_file(path)
        for path in sorted(SAMPLES.iterdir())
        if path.suffix in {".txt", ".html"}
    }
