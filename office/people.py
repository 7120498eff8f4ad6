"""Accounts managed by the office: create, edit (role, locality, producer), deactivate and
reactivate. Every change is audited in the same transaction.

The last active administrator can be neither deactivated nor demoted: the check locks the
active administrators' rows (SELECT ... FOR UPDATE on PostgreSQL; SQLite runs one write
transaction at a time), so two administrators removing each other at once leave one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from exhibitors.models import Exhibitor
from ocopfair import forms, sessions
from ocopfair.accounts import validate_password
from ocopfair.audit import record, snapshot
from ocopfair.auth import forget_cached_tokens
from ocopfair.errors import Invalid
from ocopfair.i18n import N_
from ocopfair.i18n import gettext as _
from ocopfair.models import ApiToken, Locality, PartnerOrganisation, Role, User
from ocopfair.passwords import hash_password_async
from office.invitations import NO_PASSWORD
from office.models import AccessCode

AUDITED = [
    "username",
    "full_name",
    "role",
    "locality_id",
    "exhibitor_id",
    "partner_id",
    "is_active",
]


@dataclass
class PersonInput:
    role: Role
    full_name: str
    locality_id: int | None
    exhibitor_id: int | None
    partner_id: int | None


def _role(value: Any) -> Role:
    try:
        return Role(str(value or ""))
    except ValueError:
        raise Invalid({"role": _("Choose a role from the list.")}) from None


NO_PARTNER = N_("A partner account must belong to an active partner organisation.")


async def _partner_of(role: Role, value: Any, errors: dict[str, str]) -> int | None:
    """The organisation a partner account acts for (an active one, required); None for other
    roles. A refusal goes into `errors`."""
    if role != Role.PARTNER:
        return None
    partner_id = forms.optional_id(value)
    if partner_id is None or not await PartnerOrganisation.exists(id=partner_id, is_active=True):
        errors["partner_id"] = _(NO_PARTNER)
    return partner_id


async def parse_person(data: dict[str, Any]) -> PersonInput:
    """Role, name and bindings, each error under its field; ids must name rows in use."""
    errors: dict[str, str] = {}
    role, full_name = Role.OFFICIAL, ""
    try:
        role = _role(data.get("role"))
    except Invalid as exc:
        errors.update(exc.fields)
    try:
        full_name = forms.text(data.get("full_name"), "full_name", max_length=200)
    except Invalid as exc:
        errors.update(exc.fields)
    locality_id = forms.optional_id(data.get("locality_id"))
    exhibitor_id = forms.optional_id(data.get("exhibitor_id")) if role == Role.EXHIBITOR else None
    partner_id = await _partner_of(role, data.get("partner_id"), errors)
    if str(data.get("locality_id") or "").strip() and (
        locality_id is None or not await Locality.exists(id=locality_id, retired_on=None)
    ):
        errors["locality_id"] = _("Choose from the list.")
    if role == Role.EXHIBITOR and (
        exhibitor_id is None or not await Exhibitor.exists(id=exhibitor_id)
    ):
        errors["exhibitor_id"] = _("An exhibitor account must belong to a producer.")
    if errors:
        raise Invalid(errors)
    return PersonInput(role, full_name, locality_id, exhibitor_id, partner_id)


async def lock_active_partner(person: PersonInput) -> None:
    """Inside the transaction that saves a partner account: lock its organisation's row and
    refuse if it was deactivated meanwhile (office.partners.deactivate_partner takes the same
    lock, so an account is never added to an organisation being closed)."""
    if person.partner_id is None:
        return
    found = (
        await PartnerOrganisation.filter(id=person.partner_id, is_active=True)
        .select_for_update()
        .first()
    )
    if found is None:
        raise Invalid({"partner_id": _(NO_PARTNER)})


def parse_username(value: Any) -> str:
    username = str(value or "").strip().lower()
    if not username or len(username) > 64 or " " in username:
        raise Invalid({"username": _("A username has 1 to 64 characters, without spaces.")})
    return username


async def create_person(actor: User, data: dict[str, Any], *, invited: bool = False) -> User:
    """A new account, audited. `invited`: without a password; the caller gives the person a
    one-time code to choose one (office.invitations.invitation_code) in the same transaction."""
    errors: dict[str, str] = {}
    username, person = "", None
    for check in ("username", "password", "person"):
        try:
            if check == "username":
                username = parse_username(data.get("username"))
            elif check == "password" and not invited:
                validate_password(str(data.get("password") or ""))
            else:
                person = await parse_person(data)
        except Invalid as exc:
            errors.update(exc.fields)
    if username and await User.exists(username=username):
        errors["username"] = _("This username is already taken.")
    if errors or person is None:
        raise Invalid(errors)
    password_hash = NO_PASSWORD if invited else await hash_password_async(str(data["password"]))
    try:
        async with in_transaction():
            await lock_active_partner(person)
            user = await User.create(
                username=username, password_hash=password_hash, **person.__dict__
            )
            await record(actor, "user.create", "User", user.id, after=snapshot(user, AUDITED))
    except IntegrityError:  # the same username taken at the same moment
        raise Invalid({"username": _("This username is already taken.")}) from None
    return user


async def _other_active_admins(user_id: int) -> int:
    """Active administrators besides `user_id`, with their rows locked until the end of the
    current transaction (PostgreSQL), so a concurrent removal waits and then sees this one."""
    # Whole rows: a values_list() query would not be locked.
    admins = await User.filter(role=Role.ADMIN, is_active=True).select_for_update()
    return len([a for a in admins if a.id != user_id])


def _last_admin() -> Invalid:
    return Invalid(
        {"role": _("This is the last active administrator. Make another administrator first.")}
    )


async def edit_person(actor: User, user: User, data: dict[str, Any]) -> User:
    person = await parse_person(data)
    before = snapshot(user, AUDITED)
    async with in_transaction():
        demoted = user.role == Role.ADMIN and person.role != Role.ADMIN and user.is_active
        if demoted and not await _other_active_admins(user.id):
            raise _last_admin()
        await lock_active_partner(person)
        await User.filter(id=user.id).update(**person.__dict__)
        user = await User.get(id=user.id)
        await record(
            actor, "user.edit", "User", user.id, before=before, after=snapshot(user, AUDITED)
        )
    forget_cached_tokens()  # a new role counts at once for its tokens, in this worker
    return user


async def close_account(actor: User, user_id: int, now: dt.datetime) -> bool:
    """Inside a transaction: the account stops at once (its sessions ended, and checked against
    is_active on every request; its API tokens revoked; its unused one-time codes expired),
    audited. False when it was closed already."""
    if not await User.filter(id=user_id, is_active=True).update(is_active=False):
        return False
    await ApiToken.filter(user_id=user_id, revoked_at=None).update(revoked_at=now)
    await AccessCode.filter(user_id=user_id, used_at=None).update(expires_at=now)
    await sessions.end_all(user_id)
    await record(
        actor,
        "user.deactivate",
        "User",
        user_id,
        before={"is_active": True},
        after={"is_active": False},
    )
    return True


async def deactivate_person(actor: User, user: User) -> None:
    if user.id == actor.id:
        raise Invalid({"user": _("You cannot deactivate your own account.")})
    now = dt.datetime.now(dt.UTC)
    async with in_transaction():
        if user.role == Role.ADMIN and not await _other_active_admins(user.id):
            raise _last_admin()
        if not await close_account(actor, user.id, now):
            raise Invalid({"user": _("This account is already deactivated.")})
    forget_cached_tokens()


async def reactivate_person(actor: User, user: User) -> None:
    """A partner's account reopens only while its organisation is active."""
    async with in_transaction():
        if user.partner_id is not None and not await PartnerOrganisation.exists(
            id=user.partner_id, is_active=True
        ):
            raise Invalid(
                {"user": _("Its partner organisation is deactivated: reactivate it first.")}
            )
        if await User.filter(id=user.id, is_active=False).update(is_active=True):
            await record(
                actor,
                "user.reactivate",
                "User",
                user.id,
                before={"is_active": False},
                after={"is_active": True},
            )
