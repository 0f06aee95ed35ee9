"""Who acts: roles, the acting person, and the refusals every service may raise."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assistant.errors import NianbaoError


class Role(StrEnum):
    """What an account may do. Values are stored; ``label`` is shown."""

    WRITER = "writer"  # 撰稿人: writes the agency's report, sends it for approval
    APPROVER = "approver"  # 审核人: comments, returns or approves (with the 保密审查)
    ROUND_REVIEWER = "round_reviewer"  # 汇总审核人: runs collection rounds it is assigned to
    ADMIN = "admin"  # 管理员: everything, and the accounts

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {Role.WRITER: "撰稿人", Role.APPROVER: "审核人", Role.ROUND_REVIEWER: "汇总审核人",
               Role.ADMIN: "管理员"}


def parse_role(text: str) -> Role:
    """A role from its code or its Chinese name."""
    value = text.strip()
    for role in Role:
        if value in (role.value, role.label):
            return role
    names = "、".join(f"{r.label}（{r.value}）" for r in Role)
    raise NianbaoError(f"角色“{text}”无法识别，应为：{names}")


@dataclass(frozen=True)
class Actor:
    """The person a service acts for. ``user_id`` is ``None`` for the local single user and for
    the command line run at the server's console."""

    name: str
    role: Role
    display_name: str = ""
    agency: str | None = None
    user_id: int | None = None

    @property
    def who(self) -> str:
        """How the person is named in records and messages: “张三（zhangsan）”."""
        if self.display_name and self.display_name != self.name:
            return f"{self.display_name}（{self.name}）"
        return self.name

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @classmethod
    def local(cls, name: str = "本机用户") -> Actor:
        """The single user of a loopback deployment without accounts (may do everything)."""
        return cls(name=name, role=Role.ADMIN)


class AccessDenied(NianbaoError):
    """The acting person may not see or do this."""


class NotFound(NianbaoError):
    """The report, round, unit, comment or account does not exist."""


class InvalidState(NianbaoError):
    """The action does not fit the report's or the submission's status."""
