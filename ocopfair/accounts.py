"""Accounts: creating users and tokens, checking passwords, slowing down password guessing."""

from __future__ import annotations

import datetime as dt
import hashlib

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from ocopfair import audit, sessions
from ocopfair.auth import hash_token, new_token
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import ApiToken, LoginThrottle, Role, User
from ocopfair.passwords import (
    hash_password_async,
    verify_password_async,
)

FREE_ATTEMPTS = 10  # wrong passwords from one address for one account before any delay
CLIENT_FREE_ATTEMPTS = 30  # wrong passwords from one address, all accounts together
FIRST_DELAY_SECONDS = 30
MAX_DELAY_SECONDS = 15 * 60
FORGET_AFTER = dt.timedelta(hours=1)  # a count with no failure for this long starts over
MIN_PASSWORD_LENGTH = 8


class TooManyAttempts(Exception):
    def __init__(self, wait_seconds: int) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(wait_seconds)


def delay_after(failures: int, free: int = FREE_ATTEMPTS) -> int:
    """Seconds to wait before the next try: none for the free ones, then 30 s doubling to 15 min.

    Long enough that guessing stops being worth it, short enough that a person who mistyped
    ten times is back in a minute.
    """
    if failures < free:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** min(failures - free, 10), MAX_DELAY_SECONDS)


# Failures are counted under two keys (rows of LoginThrottle, whose `username` column holds the
# key): the pair (client address, account), so that guessing one account from one place slows
# down, and the client address alone, so that trying many accounts from one place does too.
# Never per account alone: a stranger who types wrong passwords for "gate" from elsewhere must
# not lock the gatekeeper out. The pair's key is hashed (an account name and an IPv6 network
# do not fit the column together, and the table then holds no usernames).
def pair_key(client: str, username: str) -> str:
    return hashlib.sha256(f"{client}\n{username}".encode()).hexdigest()


def client_key(client: str) -> str:
    return "client:" + client[:57]


async def _wait(key: str, free: int, now: dt.datetime) -> float:
    row = await LoginThrottle.get_or_none(username=key)
    if row is None or row.last_failure_at is None or now - row.last_failure_at > FORGET_AFTER:
        return 0
    return delay_after(row.failures, free) - (now - row.last_failure_at).total_seconds()


async def _count_failure(key: str, now: dt.datetime) -> None:
    """One more failure under `key`, in single statements (concurrent logins all count)."""
    restarted = await LoginThrottle.filter(
        username=key, last_failure_at__lt=now - FORGET_AFTER
    ).update(failures=1, last_failure_at=now)
    if restarted:
        return
    updated = await LoginThrottle.filter(username=key).update(
        failures=F("failures") + 1, last_failure_at=now
    )
    if not updated:
        await LoginThrottle.get_or_create(
            username=key, defaults={"failures": 1, "last_failure_at": now}
        )


async def check_credentials(
    username: str, password: str, client: str = "unknown", now: dt.datetime | None = None
) -> User:
    """The active user with these credentials, or Invalid (the same for every kind of wrong).

    Failures are counted whether or not the account exists, and an unknown username costs one
    argon2 verification like a known one, so neither the message, the delay nor the timing
    tells an attacker which usernames are real.
    """
    now = now or dt.datetime.now(dt.UTC)
    username = username.strip().lower()
    pair, own = pair_key(client, username), client_key(client)
    wait = max(await _wait(pair, FREE_ATTEMPTS, now), await _wait(own, CLIENT_FREE_ATTEMPTS, now))
    if wait > 0:
        raise TooManyAttempts(int(wait) + 1)

    # No account has a name longer than the column or with control characters (PostgreSQL
    # refuses NUL): such a name is simply unknown, checked like any other, never queried.
    plausible = len(username) <= 64 and username.isprintable()
    user = await User.get_or_none(username=username, is_active=True) if plausible else None
    if await verify_password_async(user.password_hash if user else None, password) and user:
        await LoginThrottle.filter(username=pair).delete()
        return user
    await _count_failure(pair, now)
    await _count_failure(own, now)
    raise Invalid({"password": _("Wrong username or password.")}, _("Wrong username or password."))


def validate_password(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid({field: _("The password must have at least 8 characters.")})


async def create_user(
    username: str,
    password: str,
    role: Role,
    *,
    full_name: str = "",
    exhibitor_id: int | None = None,
    locality_id: int | None = None,
    partner_id: int | None = None,
) -> User:
    username = username.strip().lower()
    if not username or len(username) > 64:
        raise Invalid({"username": _("A username has 1 to 64 characters.")})
    validate_password(password)
    if role == Role.EXHIBITOR and exhibitor_id is None:
        raise Invalid({"exhibitor": _("An exhibitor account must belong to a producer.")})
    if role == Role.PARTNER and partner_id is None:
        raise Invalid({"partner": _("A partner account must belong to a partner organisation.")})
    if await User.exists(username=username):
        raise Invalid({"username": _("This username is already taken.")})
    return await User.create(
        username=username,
        password_hash=await hash_password_async(password),
        role=role,
        full_name=full_name,
        exhibitor_id=exhibitor_id,
        locality_id=locality_id,
        partner_id=partner_id if role == Role.PARTNER else None,
    )


async def create_token(user: User, name: str = "") -> str:
    """Make a bearer token; only its hash is kept, so the caller must show it now."""
    token = new_token()
    await ApiToken.create(user=user, name=name, token_hash=hash_token(token))
    return token


async def revoke_token(token_id: int, user_id: int | None = None) -> bool:
    """Revoke a token (only if it is `user_id`'s, when given); False if none was live."""
    rows = ApiToken.filter(id=token_id, revoked_at=None)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    changed = await rows.update(revoked_at=dt.datetime.now(dt.UTC))
    return bool(changed)


async def change_password(user: User, current: str, new: str, repeated: str) -> None:
    """Set a new password after checking the current one, and end every session of the user
    (a cookie saved anywhere stops working; the caller signs this browser in again)."""
    if not await verify_password_async(user.password_hash, current):
        raise Invalid({"current_password": _("The current password is not right.")})
    validate_password(new, "new_password")
    if new != repeated:
        raise Invalid({"repeat_password": _("The two new passwords are not the same.")})
    new_hash = await hash_password_async(new)
    async with in_transaction():
        await User.filter(id=user.id).update(password_hash=new_hash)
        await sessions.end_all(user.id)
        await audit.record(user, "password_changed", "User", user.id)


async def deactivate(by: User, user_id: int) -> bool:
    """Deactivate an account and end its sessions (its tokens stop at once too: the token
    lookup wants an active user)."""
    async with in_transaction():
        if not await User.filter(id=user_id, is_active=True).update(is_active=False):
            return False
        await sessions.end_all(user_id)
        await audit.record(by, "user_deactivated", "User", user_id)
    return True
