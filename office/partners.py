"""Partner organisations (a supermarket chain, a district office, an association), kept by the
administrators: add, rename, deactivate and reactivate, and their accounts, invited one by one
through the people's own account creation (people.create_person) and a one-time code
(invitations.invitation_code). Every change is audited in its transaction.

Names are told apart without case or diacritics ("Siêu thị A" and "sieu thi a" are one name):
checked here on input; the exact-name unique constraint is what holds two identical names sent
at once (the loser gets the same sentence).

Deactivating closes every account of the organisation at once (people.close_account: sessions,
API tokens, codes), so none of them can sign in or do anything; its programmes and events stay,
as history. Reactivating opens the organisation only: its accounts are reopened one by one on
their own pages, by choice. The organisation's row is locked by both the deactivation and the
saving of a partner account (people.lock_active_partner), so no account slips in while it closes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from ocopfair import forms
from ocopfair.audit import record
from ocopfair.auth import forget_cached_tokens
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import PartnerOrganisation, Role, User
from ocopfair.text import fold
from office import invitations, people

MAX_NAME = 200
MAX_DESCRIPTION = 255


async def partners_with_counts() -> list[PartnerOrganisation]:
    """Every organisation, active first, each with `accounts` (its active accounts), in one
    query."""
    return (
        await PartnerOrganisation.all()
        .annotate(accounts=Count("users", _filter=Q(users__is_active=True)))
        .order_by("-is_active", "name")
    )


def _name(value: Any) -> str:
    name = forms.text(value, "name", max_length=MAX_NAME)
    if not name:
        raise Invalid({"name": _("Give the organisation's name.")})
    return name


async def _check_free(name: str, except_id: int | None = None) -> None:
    """Refuse a name another organisation has, compared without case or diacritics (a
    province has tens of partners, so their names are read whole)."""
    key = fold(name)
    others = PartnerOrganisation.all()
    if except_id is not None:
        others = others.exclude(id=except_id)
    names: list[str] = await others.values_list("name", flat=True)  # type: ignore[assignment]
    if any(fold(other) == key for other in names):
        raise Invalid({"name": _("Another partner organisation already has this name.")})


def _taken() -> Invalid:
    return Invalid({"name": _("Another partner organisation already has this name.")})


async def create_partner(actor: User, data: dict[str, Any]) -> PartnerOrganisation:
    name = _name(data.get("name"))
    description = forms.text(data.get("description"), "description", max_length=MAX_DESCRIPTION)
    await _check_free(name)
    try:
        async with in_transaction():
            org = await PartnerOrganisation.create(name=name, description=description)
            after = {"name": name, "description": description}
            await record(actor, "partner.create", "PartnerOrganisation", org.id, after=after)
    except IntegrityError:
        raise _taken() from None
    return org


async def rename_partner(
    actor: User, org: PartnerOrganisation, data: dict[str, Any]
) -> PartnerOrganisation:
    name = _name(data.get("name"))
    description = forms.text(data.get("description"), "description", max_length=MAX_DESCRIPTION)
    if (name, description) == (org.name, org.description):
        return org
    await _check_free(name, except_id=org.id)
    before = {"name": org.name, "description": org.description}
    try:
        async with in_transaction():
            await PartnerOrganisation.filter(id=org.id).update(name=name, description=description)
            after = {"name": name, "description": description}
            await record(
                actor, "partner.rename", "PartnerOrganisation", org.id, before=before, after=after
            )
    except IntegrityError:
        raise _taken() from None
    return await PartnerOrganisation.get(id=org.id)


async def deactivate_partner(actor: User, org: PartnerOrganisation) -> int:
    """Close the organisation and all its accounts; the number of accounts closed."""
    now = dt.datetime.now(dt.UTC)
    async with in_transaction():
        # The conditional update takes the row's lock before the accounts are read.
        if not await PartnerOrganisation.filter(id=org.id, is_active=True).update(is_active=False):
            raise Invalid({"partner": _("This organisation is already deactivated.")})
        ids: list[int] = await User.filter(  # type: ignore[assignment]
            partner_id=org.id, is_active=True
        ).values_list("id", flat=True)
        for user_id in ids:  # an organisation has a handful of accounts
            await people.close_account(actor, user_id, now)
        await record(
            actor,
            "partner.deactivate",
            "PartnerOrganisation",
            org.id,
            before={"is_active": True},
            after={"is_active": False},
        )
    forget_cached_tokens()
    return len(ids)


async def reactivate_partner(actor: User, org: PartnerOrganisation) -> None:
    async with in_transaction():
        if await PartnerOrganisation.filter(id=org.id, is_active=False).update(is_active=True):
            await record(
                actor,
                "partner.reactivate",
                "PartnerOrganisation",
                org.id,
                before={"is_active": False},
                after={"is_active": True},
            )


async def invite_account(
    actor: User, org: PartnerOrganisation, data: dict[str, Any]
) -> tuple[User, str]:
    """A `partner` account of this organisation, without a password, and the one-time code
    with which the person chooses one: both or neither."""
    fields = {
        "username": data.get("username"),
        "full_name": data.get("full_name"),
        "role": Role.PARTNER.value,
        "partner_id": org.id,
    }
    async with in_transaction():
        user = await people.create_person(actor, fields, invited=True)
        code = await invitations.invitation_code(actor, user)
    return user, code
