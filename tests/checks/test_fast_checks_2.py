"""More of the checks' fast paths against the plain way they replace (issue 13, speed).

A row's blank finding is made once for every report that prints the same blanks (findings are
immutable): it must be the finding ``finding(...)`` makes, field for field, with the severity
the office sets at the time of the run, however the setting changes between runs.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.cells import FormatVersion
from assistant.checks import tables
from assistant.checks.cellvalues import BLANK_MARKS
from assistant.checks.rules import finding, office_severities, severity_now
from assistant.findings import Finding, Severity
from assistant.settings import RULE_SEVERITY

EXAMPLES = settings(max_examples=300, deadline=None, derandomize=True, database=None)


def reference_blank_finding(version: FormatVersion, index: int, columns: tuple[int, ...],
                            raws: tuple[str | None, ...]) -> Finding:
    """The blank finding as made before: the row's words, then ``finding(...)``."""
    table, message, section, cells, actual = tables._blank_row(version, index, columns, raws)
    return finding(f"{table}.blank", message, section=section, cell=cells[0], cells=cells[1:],
                   expected="0", actual=actual)


def assert_same(made: Finding, plain: Finding) -> None:
    assert made == plain
    assert made.__dict__ == plain.__dict__
    assert made.model_fields_set == plain.model_fields_set
    assert made.model_dump_json() == plain.model_dump_json()


@st.composite
def blank_rows(draw: st.DrawFn) -> tuple[FormatVersion, int, tuple[int, ...], tuple[str | None, ...]]:
    version = draw(st.sampled_from(list(FormatVersion)))
    rows = tables._spec_rows(version)
    index = draw(st.integers(0, len(rows) - 1))
    width = len(rows[index][1])
    columns = tuple(sorted(draw(st.sets(st.integers(0, width - 1), min_size=1))))
    raws = tuple(draw(st.none() | st.sampled_from([*sorted(BLANK_MARKS), " / ", "\t"]))
                 for _ in columns)
    return version, index, columns, raws


@EXAMPLES
@given(blank_rows(), st.sampled_from(["", "error", "warning"]))
def test_blank_finding_is_the_one_finding_makes(
        row: tuple[FormatVersion, int, tuple[int, ...], tuple[str | None, ...]], office: str) -> None:
    version, index, columns, raws = row
    code = f"{tables._spec_rows(version)[index][0]}.blank"
    with pytest.MonkeyPatch.context() as mp:
        if office:
            mp.setenv(RULE_SEVERITY, f"{code}={office}")
        else:
            mp.delenv(RULE_SEVERITY, raising=False)
        assert_same(tables._blank_finding(version, index, columns, raws),
                    reference_blank_finding(version, index, columns, raws))
        with office_severities():
            made = tables._blank_finding(version, index, columns, raws)
            assert made.severity is severity_now(code)
            assert_same(made, reference_blank_finding(version, index, columns, raws))


def test_blank_finding_follows_the_office_between_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    version = FormatVersion.V2021
    row = (version, 0, (0,), (None,))
    code = f"{tables._spec_rows(version)[0][0]}.blank"
    monkeypatch.delenv(RULE_SEVERITY, raising=False)
    default = tables._blank_finding(*row).severity
    other = Severity.ERROR if default is Severity.WARNING else Severity.WARNING
    monkeypatch.setenv(RULE_SEVERITY, f"{code}={other.value}")
    with office_severities():
        assert tables._blank_finding(*row).severity is other
    monkeypatch.delenv(RULE_SEVERITY)
    with office_severities():
        assert tables._blank_finding(*row).severity is default
