"""Password hashes: argon2id (argon2-cffi), the hash string carrying its own parameters."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from assistant.errors import NianbaoError

MIN_LENGTH = 8

# RFC 9106's second recommended option (64 MiB, 3 passes). Tests may swap in cheaper parameters.
HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)


def check_strength(name: str, password: str) -> None:
    """Refuse passwords that are too short or equal to the account name."""
    if len(password) < MIN_LENGTH:
        raise NianbaoError(f"账户 {name} 的密码太短：至少 {MIN_LENGTH} 个字符")
    if password.strip().lower() == name.strip().lower():
        raise NianbaoError(f"账户 {name} 的密码不能与用户名相同")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    try:
        return HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


@cache
def _dummy_hash() -> str:
    return HASHER.hash("nianbao-no-such-account")


def waste_time(password: str) -> None:
    """Verify against a dummy hash, so that an unknown name takes as long as a wrong password."""
    verify_password(_dummy_hash(), password)
