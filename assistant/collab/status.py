"""The statuses of a report (the agency's sign-off) and of a unit in a collection round."""

from __future__ import annotations

from enum import StrEnum


class ReportStatus(StrEnum):
    """起草中 → 送审 → 退回修改 / 审核通过 → 已发布."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return _REPORT_LABELS[self]

    @property
    def editable(self) -> bool:
        return self in (ReportStatus.DRAFT, ReportStatus.RETURNED)


_REPORT_LABELS = {ReportStatus.DRAFT: "起草中", ReportStatus.SUBMITTED: "送审", ReportStatus.RETURNED: "退回修改",
                  ReportStatus.APPROVED: "审核通过", ReportStatus.PUBLISHED: "已发布"}


class SubmissionStatus(StrEnum):
    """A submission as stored: sent, returned by the reviewer, or accepted."""

    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class UnitState(StrEnum):
    """A roster unit on the round's dashboard (values are what the reviewer reads)."""

    NOT_SUBMITTED = "未提交"
    SUBMITTED = "已提交"
    HAS_ERRORS = "有错误"
    RETURNED = "已退回"
    ACCEPTED = "已接收"
