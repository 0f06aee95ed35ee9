"""The review list of an open report: the report checks' findings and the drafting guards on
sections 一, 五 and 六 as written (against the writer's notes and 整改台账), each with the writer's
dismissal if there is one. The 审核 tab lists it; the header counts it."""

from __future__ import annotations

from assistant.workspace import OpenReport, ReviewItem
from assistant.workspace.review import written_review


def review_list(current: OpenReport) -> list[ReviewItem]:
    with current.lock:
        journal = current.journal()
        return written_review(current.findings, current.report, current.previous, journal.notes,
                              journal.dismissals)
