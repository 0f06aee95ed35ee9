"""Services over a real database: every test runs on SQLite and on PostgreSQL (``db``)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher

from assistant.collab import passwords
from assistant.collab.accounts import add_user
from assistant.collab.people import Actor, Role
from assistant.db import Database
from assistant.report import Report
from testdata.synth import synthetic_report
from tests.db.fixtures import blank_url, db, pg_server

__all__ = ["Office", "blank_url", "db", "pg_server"]

YEAR = 2023
AGENCY = "临川县教育局"
OTHER_AGENCY = "临川县民政局"
PASSWORD = "correct horse 9"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """argon2id with test-sized parameters (the stored hash records them: verification follows)."""
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    passwords._dummy_hash.cache_clear()
    yield
    passwords._dummy_hash.cache_clear()


@dataclass
class Office:
    """An admin, a writer and an approver of one agency, a writer of another, a round reviewer."""

    admin: Actor
    writer: Actor
    approver: Actor
    other_writer: Actor
    reviewer: Actor


@pytest.fixture
def office(db: Database) -> Office:
    admin = Actor.local("管理员")
    accounts = {
        "writer": add_user(db, admin, "zhangsan", PASSWORD, Role.WRITER, display_name="张三", agency=AGENCY),
        "approver": add_user(db, admin, "lisi", PASSWORD, Role.APPROVER, display_name="李四", agency=AGENCY),
        "other": add_user(db, admin, "wangwu", PASSWORD, Role.WRITER, display_name="王五", agency=OTHER_AGENCY),
        "reviewer": add_user(db, admin, "zhaoliu", PASSWORD, Role.ROUND_REVIEWER, display_name="赵六"),
    }
    return Office(admin=admin, writer=accounts["writer"].actor, approver=accounts["approver"].actor,
                  other_writer=accounts["other"].actor, reviewer=accounts["reviewer"].actor)


def make_report(agency: str = AGENCY, seed: int = 1, year: int = YEAR) -> Report:
    return synthetic_report(random.Random(seed), agency=agency, year=year, scale=20)
