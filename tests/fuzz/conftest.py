"""Counts the mutated reports the fuzz tests feed, and prints the count at the end of the run."""

from __future__ import annotations

from collections import Counter

import pytest

RUNS: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if RUNS:
        detail = ", ".join(f"{kind} {n}" for kind, n in sorted(RUNS.items()))
        terminalreporter.write_line(
            f"fuzz: fed {sum(RUNS.values())} mutated reports to parse+check ({detail})"
        )
