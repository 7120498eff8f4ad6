"""One-time codes: producers invited in bulk from the registry, a person invited one by one
(a partner organisation's account), and password resets.

An invitation makes (or reuses) the producer's account, with no usable password, and a code
that lets the producer choose one. Codes are 128 random bits (secrets.token_urlsafe(16)),
kept only as SHA-256, expire after CODE_DAYS and work once: redeeming is one conditional
UPDATE, so of two redemptions at once exactly one wins. Redemption is throttled per client
address (ocopfair.throttle), and 128 bits cannot be guessed within any limit anyway.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from exhibitors.models import Exhibitor
from ocopfair import sessions
from ocopfair.accounts import validate_password
from ocopfair.audit import record
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import AuditEntry, Role, User
from ocopfair.passwords import hash_password_async
from ocopfair.text import fold
from ocopfair.throttle import Limit
from office.models import AccessCode, CodePurpose

CODE_DAYS = 14
NO_PASSWORD = "!"  # not an Argon2 hash: no password ever matches it (ocopfair.passwords)
REDEEM_HITS, REDEEM_WINDOW = 10, 600  # tries per client address per 10 minutes


def new_code() -> str:
    return secrets.token_urlsafe(16)


# token_urlsafe(16): 16 random bytes as 22 URL-safe base64 characters.
_CODE_SHAPE = re.compile(r"[A-Za-z0-9_-]{22}")


def looks_like_code(code: str) -> bool:
    """Whether `code` could be a code at all (the shape is no secret; the value is)."""
    return _CODE_SHAPE.fullmatch(code) is not None


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def redeem_limit(client: str) -> Limit:
    return Limit(f"redeem:{client}", REDEEM_HITS, REDEEM_WINDOW)


@dataclass
class Invite:
    exhibitor_id: int
    exhibitor_name: str
    username: str
    code: str


def _username(exhibitor: Exhibitor) -> str:
    """A readable, unique login: the folded name's first words and the producer's id."""
    words = "".join(c if c.isalnum() else " " for c in fold(exhibitor.name)).split()
    return "-".join(words[:4])[:40] + f"-{exhibitor.id}"


async def _accounts_of(exhibitor_ids: list[int]) -> dict[int, User]:
    users = await User.filter(role=Role.EXHIBITOR, exhibitor_id__in=exhibitor_ids)
    return {u.exhibitor_id: u for u in users if u.exhibitor_id is not None}


async def invite_producers(actor: User, exhibitor_ids: list[int]) -> list[Invite]:
    """An account and a fresh code for each producer whose account has no password yet (older
    codes of those accounts stop working). Producers already signed up are left out. A fixed
    number of statements, whatever the number of producers."""
    producers = await Exhibitor.filter(id__in=exhibitor_ids).order_by("name")
    if not producers:
        raise Invalid({"exhibitors": _("Choose at least one producer.")})
    accounts = await _accounts_of([p.id for p in producers])
    invited = [
        p
        for p in producers
        if accounts.get(p.id) is None or accounts[p.id].password_hash == NO_PASSWORD
    ]
    now = dt.datetime.now(dt.UTC)
    codes = {p.id: new_code() for p in invited}
    try:
        return await _save_invitations(actor, invited, accounts, codes, now)
    except IntegrityError:  # a login name taken meanwhile, or the same producers invited at once
        raise Conflict(
            message=_("Someone else is inviting these producers right now. Try again.")
        ) from None


async def _save_invitations(
    actor: User,
    invited: list[Exhibitor],
    accounts: dict[int, User],
    codes: dict[int, str],
    now: dt.datetime,
) -> list[Invite]:
    async with in_transaction():
        await User.bulk_create(
            [
                User(
                    username=_username(p),
                    password_hash=NO_PASSWORD,
                    role=Role.EXHIBITOR,
                    full_name=p.name[:200],
                    exhibitor_id=p.id,
                )
                for p in invited
                if p.id not in accounts
            ]
        )
        accounts = await _accounts_of([p.id for p in invited])
        user_ids = [accounts[p.id].id for p in invited]
        await AccessCode.filter(user_id__in=user_ids, used_at=None).update(expires_at=now)
        await AccessCode.bulk_create(
            [
                AccessCode(
                    user_id=accounts[p.id].id,
                    purpose=CodePurpose.INVITATION,
                    code_hash=code_hash(codes[p.id]),
                    created_by_id=actor.id,
                    expires_at=now + dt.timedelta(days=CODE_DAYS),
                )
                for p in invited
            ]
        )
        await AuditEntry.bulk_create(
            [
                AuditEntry(
                    user_id=actor.id,
                    action="user.invite",
                    object_type="User",
                    object_id=str(accounts[p.id].id),
                    after={"exhibitor_id": p.id},
                )
                for p in invited
            ]
        )
    return [Invite(p.id, p.name, accounts[p.id].username, codes[p.id]) for p in invited]


async def _new_code_for(actor: User, user_id: int, purpose: CodePurpose, now: dt.datetime) -> str:
    """Inside a transaction: a fresh one-time code for the account; its older ones stop now."""
    code = new_code()
    await AccessCode.filter(user_id=user_id, used_at=None).update(expires_at=now)
    await AccessCode.create(
        user_id=user_id,
        purpose=purpose,
        code_hash=code_hash(code),
        created_by_id=actor.id,
        expires_at=now + dt.timedelta(days=CODE_DAYS),
    )
    return code


async def invitation_code(actor: User, user: User) -> str:
    """The code that lets a person invited one by one (an account made without a password,
    people.create_person(invited=True)) choose a password; call it in the same transaction."""
    now = dt.datetime.now(dt.UTC)
    async with in_transaction():
        code = await _new_code_for(actor, user.id, CodePurpose.INVITATION, now)
        await record(actor, "user.invite", "User", user.id, after={"role": user.role.value})
    return code


async def reset_code(actor: User, user: User) -> str:
    """A one-time code for `user` to choose a new password (the old one stops now)."""
    if not user.is_active:
        raise Invalid({"user": _("Reactivate the account first.")})
    now = dt.datetime.now(dt.UTC)
    async with in_transaction():
        code = await _new_code_for(actor, user.id, CodePurpose.PASSWORD_RESET, now)
        await User.filter(id=user.id).update(password_hash=NO_PASSWORD)
        await sessions.end_all(user.id)  # whoever knew the old password is out at once
        await record(actor, "user.password_reset", "User", user.id)
    return code


async def _why_refused(digest: str, now: dt.datetime) -> str:
    row = await AccessCode.get_or_none(code_hash=digest)
    if row is not None and row.used_at is not None:
        return _(
            "This code has already been used. Sign in with your password, or ask the "
            "office for a new code."
        )
    if row is not None and row.expires_at <= now:
        return _("This code has expired. Ask the office for a new one.")
    return _("This code is not valid. Check that you typed it exactly as printed.")


async def redeem(code: str, password: str) -> User:
    """Use a code once to set the account's password; the account, ready to sign in."""
    validate_password(password)
    digest = code_hash(code)
    password_hash = await hash_password_async(password)
    now = dt.datetime.now(dt.UTC)
    async with in_transaction():
        won = await AccessCode.filter(code_hash=digest, used_at=None, expires_at__gt=now).update(
            used_at=now
        )
        row = await AccessCode.get_or_none(code_hash=digest) if won else None
        if row is None:
            raise Invalid({"code": await _why_refused(digest, now)})
        user = await User.get(id=row.user_id)
        if not user.is_active:
            raise Invalid({"code": _("This account is deactivated. Ask the office.")})
        await User.filter(id=user.id).update(password_hash=password_hash)
        await record(user, "user.code_redeemed", "User", user.id, after={"purpose": row.purpose})
    return user
