"""Each person's e-mail choices: an address, the kinds it wants by e-mail, unsubscribe links."""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from exhibitors.validation import email as valid_email
from ocopfair.audit import record
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from ocopfair.notice_models import NoticeSettings
from ocopfair.notices import is_kind, kinds
from ocopfair.settings import get_settings


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(get_settings().secret_key, salt="notices.unsubscribe")


def unsubscribe_token(user_id: int, kind: str) -> str:
    """Signed, so a link cannot be made for another person or kind; replaying it is harmless."""
    return _signer().dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        user_id, kind = _signer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(kind, str) or not is_kind(kind):
        return None
    return user_id, kind


async def current(user: User) -> dict[str, Any]:
    mine = await NoticeSettings.get_or_none(user_id=user.id)
    off = set(mine.email_off) if mine else set()
    return {
        "email": mine.email if mine else "",
        "kinds": [{"key": k.key, "label": _(k.label), "on": k.key not in off} for k in kinds()],
    }


async def save(user: User, address: Any, wanted: list[str]) -> None:
    """Save the address (refused unless valid; empty means in-app only) and the kinds wanted."""
    raw = valid_email(str(address or "")[:1000], "email")  # raises Invalid with a sentence
    off = sorted(k.key for k in kinds() if k.key not in set(wanted))
    mine, _created = await NoticeSettings.get_or_create(user_id=user.id)
    before = {"email": mine.email, "email_off": mine.email_off}
    await NoticeSettings.filter(id=mine.id).update(email=raw, email_off=off)
    await record(
        user,
        "notices.settings",
        "User",
        user.id,
        before=before,
        after={"email": raw, "email_off": off},
    )


async def unsubscribe(user_id: int, kind: str) -> bool:
    """Stop e-mails of `kind` for the person; False when it was already off (a replayed link)."""
    mine, _created = await NoticeSettings.get_or_create(user_id=user_id)
    if kind in mine.email_off:
        return False
    await NoticeSettings.filter(id=mine.id).update(email_off=sorted({*mine.email_off, kind}))
    await record(None, "notices.unsubscribed", "User", user_id, after={"kind": kind})
    return True
