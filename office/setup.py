"""First run: on an empty database, the province profile and the first administrator.

Setup is open to anyone only while the database has no user at all (a fresh install), and
refused for good once a profile exists. Two set-ups racing on an empty database cannot both
win: the profile's unique `singleton` column lets one insert through, and the loser's
transaction (profile and administrator together) is rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from ocopfair import accounts, province
from ocopfair.audit import record, snapshot
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import ProvinceProfile, Role, User
from ocopfair.passwords import hash_password_async
from office.profile import AUDITED, ProfileInput


@dataclass
class FirstAdmin:
    username: str
    password: str
    full_name: str = ""


async def needs_setup() -> bool:
    """True on a fresh install: no profile and no user yet."""
    return not await ProvinceProfile.exists() and not await User.exists()


def already_set_up() -> Conflict:
    return Conflict(
        message=_(
            "This installation is already set up. An administrator can change the province "
            "profile after signing in."
        )
    )


def check_admin(admin: FirstAdmin) -> str:
    """The cleaned username, or Invalid naming each bad field."""
    username = admin.username.strip().lower()
    errors: dict[str, str] = {}
    if not username or len(username) > 64 or " " in username:
        errors["username"] = _("A username has 1 to 64 characters, without spaces.")
    try:
        accounts.validate_password(admin.password)
    except Invalid as exc:
        errors.update(exc.fields)
    if errors:
        raise Invalid(errors)
    return username


def parse_setup(data: dict[str, str]) -> tuple[ProfileInput, FirstAdmin]:
    """The profile and first administrator from a form or a file, every error at once. A form
    sends the password twice ("password_again"); a file or flags send it once."""
    admin = FirstAdmin(
        data.get("username", ""), data.get("password", ""), data.get("full_name", "")
    )
    errors: dict[str, str] = {}
    profile = ProfileInput()
    try:
        profile = ProfileInput.parse(data)
    except Invalid as exc:
        errors.update(exc.fields)
    try:
        check_admin(admin)
    except Invalid as exc:
        errors.update(exc.fields)
    if "password_again" in data and data["password_again"] != admin.password:
        errors.setdefault("password_again", _("The two passwords are not the same."))
    if errors:
        raise Invalid(errors)
    return profile, admin


async def run_setup(profile: ProfileInput, admin: FirstAdmin) -> User:
    """Create the profile and the first administrator, or nothing."""
    username = check_admin(admin)
    if not await needs_setup():
        raise already_set_up()
    password_hash = await hash_password_async(admin.password)
    try:
        async with in_transaction():
            row = ProvinceProfile(singleton=1, **profile.as_dict())
            await row.save()
            user = await User.create(
                username=username,
                password_hash=password_hash,
                role=Role.ADMIN,
                full_name=admin.full_name.strip()[:200],
            )
            await record(
                user, "province.setup", "ProvinceProfile", row.id, after=snapshot(row, AUDITED)
            )
            await record(
                user,
                "user.create",
                "User",
                user.id,
                after={"username": username, "role": Role.ADMIN},
            )
    except IntegrityError:
        raise already_set_up() from None
    province.forget()
    return user
