"""The province profile: reading it from a form, a file or flags, checking it, saving it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from tortoise.transactions import in_transaction

from ocopfair import forms, province
from ocopfair.audit import record, snapshot
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import ProvinceProfile, User

MAX_LOGO_BYTES = 200 * 1024
# The image kinds a browser shows everywhere, known by their first bytes (never by a name).
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
AUDITED = ["name", "short_name", "agency", "address", "phone", "email"]


@dataclass
class ProfileInput:
    name: str = ""
    short_name: str = ""
    agency: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""

    @classmethod
    def parse(cls, data: Any) -> ProfileInput:
        """Every field checked at once, each error under its own field."""
        values: dict[str, str] = {}
        limits = {"name": 100, "short_name": 40, "agency": 255, "address": 255, "phone": 40}
        required = {"name", "short_name", "agency"}

        def check(key: str, limit: int) -> Any:
            return lambda: values.__setitem__(
                key, forms.text(data.get(key), key, max_length=limit, required=key in required)
            )

        forms.collect(
            *(check(key, limit) for key, limit in limits.items()),
            lambda: values.__setitem__("email", _email(data.get("email"))),
        )
        return cls(**values)

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _email(value: Any) -> str:
    email = forms.text(value, "email", max_length=254)
    if email and ("@" not in email or " " in email or email.startswith("@")):
        raise Invalid({"email": _("Write an e-mail address such as ocop@example.gov.vn.")})
    return email


def logo_type(data: bytes) -> str:
    """The logo's MIME type, or Invalid when it is not a small PNG or JPEG."""
    if len(data) > MAX_LOGO_BYTES:
        raise Invalid({"logo": _("The logo must be at most 200 kB.")})
    for magic, mime in LOGO_TYPES.items():
        if data.startswith(magic):
            return mime
    raise Invalid({"logo": _("The logo must be a PNG or JPEG image.")})


async def update_profile(
    user: User, profile: ProfileInput, logo: bytes | None = None, *, remove_logo: bool = False
) -> ProvinceProfile:
    """An administrator changes the profile (audited); the new one shows at once here."""
    # An installation older than the profile has users but no row yet: its first save makes it.
    row = await ProvinceProfile.get_or_none(singleton=1) or ProvinceProfile(singleton=1)
    before = snapshot(row, AUDITED) if row.id else None
    for key, value in profile.as_dict().items():
        setattr(row, key, value)
    if logo:
        row.logo_type = logo_type(logo)
        row.logo = logo
    elif remove_logo:
        row.logo, row.logo_type = None, ""
    async with in_transaction():
        await row.save()
        after = snapshot(row, AUDITED)
        await record(user, "province.update", "ProvinceProfile", row.id, before=before, after=after)
    province.forget()
    return row
