"""Password hashing with Argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ocopfair import offload

_hasher = PasswordHasher()

# Verified against when the username is unknown, so a wrong username costs as much time as a
# wrong password and response times do not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


# The event loop must not spend 50-100 ms per login on argon2: these run in ocopfair.offload.


async def hash_password_async(password: str) -> str:
    return await offload.run(hash_password, password)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    return await offload.run(verify_password, password_hash, password)
