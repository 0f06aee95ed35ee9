"""The writer's account of the year for section 五: last year's problems and measures and what
became of them, this year's problems and the measures that answer them."""

from assistant.account.model import (
    Fate,
    Follow,
    Idea,
    Measure,
    PreviousMeasure,
    PreviousProblem,
    Problem,
    ProblemOrigin,
    YearAccount,
    previous_id,
)
from assistant.account.previous import split_problems

__all__ = [
    "Fate", "Follow", "Idea", "Measure", "PreviousMeasure", "PreviousProblem", "Problem", "ProblemOrigin",
    "YearAccount", "previous_id", "split_problems",
]
