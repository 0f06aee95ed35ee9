"""Changes to the writer's account of the year (整改台账) as the 整改台账 tab makes them: pure
functions from an account to the changed account (the caller saves it with
``OpenReport.update_account``).

An item left with nothing in it is dropped, so that no empty item reaches a draft; a measure can
continue one of last year's; a dismissed candidate problem can be restored. The candidates the
tables suggest and the ideas from other agencies' reports are :mod:`assistant.account`'s.
"""

from __future__ import annotations

from typing import Any

from assistant.account.model import (
    Measure,
    PreviousMeasure,
    Problem,
    ProblemOrigin,
    YearAccount,
    new_id,
    put,
)


def set_previous_problem(account: YearAccount, item_id: str, **changes: Any) -> YearAccount:
    items = [p.model_copy(update=changes) if p.id == item_id else p for p in account.previous_problems]
    return account.model_copy(update={"previous_problems": items})


def set_previous_measure(account: YearAccount, item_id: str, **changes: Any) -> YearAccount:
    items = [m.model_copy(update=changes) if m.id == item_id else m for m in account.previous_measures]
    return account.model_copy(update={"previous_measures": items})


def _problem_empty(problem: Problem) -> bool:
    return not (problem.text.strip() or problem.evidence or problem.source.strip() or problem.candidate)


def _measure_empty(measure: Measure) -> bool:
    return not (measure.text.strip() or measure.owner.strip() or measure.deadline.strip()
                or measure.continues or measure.adopted)


def upsert_problem(account: YearAccount, problem_id: str, origin: ProblemOrigin, **changes: Any) -> YearAccount:
    """``account`` with problem ``problem_id`` changed (created when new); a problem left with
    nothing in it is dropped, so that no empty item reaches a draft."""
    found = next((p for p in account.problems if p.id == problem_id), None)
    updated = (found or Problem(id=problem_id, text="", origin=origin)).model_copy(update=changes)
    problems = [p for p in put(account.problems, updated) if p.id != problem_id or not _problem_empty(p)]
    return account.model_copy(update={"problems": problems})


def upsert_measure(account: YearAccount, measure_id: str, **changes: Any) -> YearAccount:
    """``account`` with measure ``measure_id`` changed (created when new; dropped when empty)."""
    found = next((m for m in account.measures if m.id == measure_id), None)
    updated = (found or Measure(id=measure_id, text="")).model_copy(update=changes)
    measures = [m for m in put(account.measures, updated) if m.id != measure_id or not _measure_empty(m)]
    return account.model_copy(update={"measures": measures})


def remove_problem(account: YearAccount, problem_id: str) -> YearAccount:
    """Without the problem; the measures that answered it no longer point at it."""
    problems = [p for p in account.problems if p.id != problem_id]
    measures = [m.model_copy(update={"problem": None}) if m.problem == problem_id else m for m in account.measures]
    return account.model_copy(update={"problems": problems, "measures": measures})


def remove_measure(account: YearAccount, measure_id: str) -> YearAccount:
    return account.model_copy(update={"measures": [m for m in account.measures if m.id != measure_id]})


def continue_measure(account: YearAccount, previous: PreviousMeasure) -> YearAccount:
    """A measure for next year that continues one of last year's (its text says 继续)."""
    if any(m.continues == previous.id for m in account.measures):
        return account
    taken = {p.id for p in account.problems} | {m.id for m in account.measures}
    text = previous.text.strip().rstrip("。")
    measure = Measure(id=new_id("m", taken, f"continue#{previous.id}"), continues=previous.id,
                      text=text if text.startswith("继续") else f"继续{text}")
    return account.model_copy(update={"measures": [*account.measures, measure]})


def restore_candidate(account: YearAccount, key: str) -> YearAccount:
    return account.model_copy(update={"dismissed": [k for k in account.dismissed if k != key]})


def pending_id(account: YearAccount, prefix: str, seed: str) -> str:
    """The id the blank row of a list will have once something is typed into it."""
    taken = {p.id for p in account.problems} | {m.id for m in account.measures}
    return new_id(prefix, taken, f"{seed}#{len(account.problems)}#{len(account.measures)}")
