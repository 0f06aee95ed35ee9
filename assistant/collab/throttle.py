"""Failed logins slow down the next ones, per account and per address, persisted in the
database (a restart or a second worker process does not reset them).

After ``free`` failures each further failure blocks the key for 2, 4, 8 … seconds, at most
``MAX_DELAY``; attempts while blocked are refused without checking the password.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from assistant.db.models import LoginThrottle

MAX_DELAY = 15 * 60


@dataclass(frozen=True)
class Policy:
    free: int  # failures allowed before delays start

    def delay(self, failures: int) -> int:
        """Seconds to block after the ``failures``-th failure in a row."""
        over = failures - self.free
        return 0 if over <= 0 else min(2 ** over, MAX_DELAY)


ACCOUNT = Policy(free=3)
ADDRESS = Policy(free=10)  # several people may share one address (an office's gateway)


def account_key(name: str) -> str:
    return f"账户:{name.strip().lower()}"


def address_key(address: str) -> str:
    return f"地址:{address.strip() or '未知'}"


def wait_seconds(session: Session, keys: list[str], now: datetime) -> int:
    """How long the caller must wait before trying again (0: may try now)."""
    wait = 0.0
    for key in keys:
        row = session.get(LoginThrottle, key, with_for_update=True)
        if row is not None and row.blocked_until is not None and row.blocked_until > now:
            wait = max(wait, (row.blocked_until - now).total_seconds())
    return math.ceil(wait)


def record_failure(session: Session, key: str, policy: Policy, now: datetime) -> int:
    """Count a failure; returns the seconds the key is now blocked for."""
    row = session.get(LoginThrottle, key, with_for_update=True)
    if row is None:
        row = LoginThrottle(key=key, failures=0, last_failure_at=now, blocked_until=None)
        session.add(row)
    row.failures += 1
    row.last_failure_at = now
    delay = policy.delay(row.failures)
    row.blocked_until = now + timedelta(seconds=delay) if delay else None
    session.flush()
    return delay


def clear(session: Session, keys: list[str]) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(keys)))
