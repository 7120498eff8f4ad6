"""Accounts: creating users and tokens, checking passwords, slowing down password guessing."""

from __future__ import annotations

import datetime as dt

from tortoise.expressions import F

from ocopfair.auth import hash_token, new_token
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import ApiToken, LoginThrottle, Role, User
from ocopfair.passwords import hash_password, verify_password

FREE_ATTEMPTS = 10
FIRST_DELAY_SECONDS = 30
MAX_DELAY_SECONDS = 15 * 60
MIN_PASSWORD_LENGTH = 8


class TooManyAttempts(Exception):
    def __init__(self, wait_seconds: int) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(wait_seconds)


def delay_after(failures: int) -> int:
    """Seconds to wait before the next try: none for the first ten, then 30 s doubling to 15 min.

    Long enough that guessing stops being worth it, short enough that a person who mistyped
    ten times is back in a minute.
    """
    if failures < FREE_ATTEMPTS:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS)


async def check_credentials(username: str, password: str, now: dt.datetime | None = None) -> User:
    """The active user with these credentials, or Invalid (the same for every kind of wrong).

    Failures are counted per username whether or not the account exists, so neither the
    message, the delay nor the timing tells an attacker which usernames are real.
    """
    now = now or dt.datetime.now(dt.UTC)
    username = username.strip().lower()
    throttle = await LoginThrottle.get_or_none(username=username)
    if throttle and throttle.last_failure_at:
        wait = delay_after(throttle.failures) - (now - throttle.last_failure_at).total_seconds()
        if wait > 0:
            raise TooManyAttempts(int(wait) + 1)

    user = await User.get_or_none(username=username, is_active=True)
    if verify_password(user.password_hash if user else None, password) and user:
        if throttle:
            await LoginThrottle.filter(username=username).update(failures=0, last_failure_at=None)
        return user

    updated = await LoginThrottle.filter(username=username).update(
        failures=F("failures") + 1, last_failure_at=now
    )
    if not updated:
        await LoginThrottle.get_or_create(
            username=username, defaults={"failures": 1, "last_failure_at": now}
        )
    raise Invalid({"password": _("Wrong username or password.")}, _("Wrong username or password."))


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid({"password": _("The password must have at least 8 characters.")})


async def create_user(
    username: str,
    password: str,
    role: Role,
    *,
    full_name: str = "",
    exhibitor_id: int | None = None,
    locality_id: int | None = None,
) -> User:
    username = username.strip().lower()
    if not username or len(username) > 64:
        raise Invalid({"username": _("A username has 1 to 64 characters.")})
    validate_password(password)
    if role == Role.EXHIBITOR and exhibitor_id is None:
        raise Invalid({"exhibitor": _("An exhibitor account must belong to a producer.")})
    if await User.exists(username=username):
        raise Invalid({"username": _("This username is already taken.")})
    return await User.create(
        username=username,
        password_hash=hash_password(password),
        role=role,
        full_name=full_name,
        exhibitor_id=exhibitor_id,
        locality_id=locality_id,
    )


async def create_token(user: User, name: str = "") -> str:
    """Make a bearer token; only its hash is kept, so the caller must show it now."""
    token = new_token()
    await ApiToken.create(user=user, name=name, token_hash=hash_token(token))
    return token


async def revoke_token(token_id: int) -> bool:
    changed = await ApiToken.filter(id=token_id, revoked_at=None).update(
        revoked_at=dt.datetime.now(dt.UTC)
    )
    return bool(changed)
