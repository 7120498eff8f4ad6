"""The demo's localities and user accounts (one per role, and a local office's organizer)."""

from __future__ import annotations

from typing import Any

from composition.demo.catalogue import DEMO_EXHIBITOR
from composition.demo.data import seeds
from composition.demo.loaded import Loaded
from ocopfair import province
from ocopfair.models import Locality, LocalityKind, ProvinceProfile, Role, User
from ocopfair.passwords import hash_password

DEMO_PASSWORD = "demo1234"

# (username, role, full name). The people are made up; the exhibitor account acts for a real
# cooperative named in the seeds, so the self-service pages show real products.
DEMO_USERS: list[tuple[str, str, str]] = [
    ("admin", Role.ADMIN.value, "Nguyễn Minh Quân"),
    ("organizer", Role.ORGANIZER.value, "Phạm Thu Hà"),
    ("exhibitor", Role.EXHIBITOR.value, "Hoàng Thị Liên"),
    ("gate", Role.GATE_STAFF.value, "Trần Văn Dũng"),
    ("official", Role.OFFICIAL.value, "Đỗ Thị Thanh Hương"),
]

# A local OCOP office's organizer, bound to Bình Liêu, to show locality-limited editing.
LOCAL_ORGANIZER: tuple[str, str, str, str] = (
    "organizer_bl",
    Role.ORGANIZER.value,
    "Lục Văn Thắng",
    "BL",
)


# The demo province's profile (the agency is the department that runs OCOP there, as the demo
# fairs name it); a real installation writes its own at first run (office/setup.py).
DEMO_PROVINCE = {
    "name": "Quảng Ninh",
    "short_name": "QN",
    "agency": "Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh",
    "address": "Hạ Long, Quảng Ninh",
}


async def load_province() -> None:
    await ProvinceProfile.get_or_create(singleton=1, defaults=DEMO_PROVINCE)
    province.forget()


async def load_localities(data: Loaded) -> None:
    existing = {loc.code: loc for loc in await Locality.all()}
    for code, name, name_en, kind in seeds.LOCALITIES:
        if code not in existing:
            existing[code] = await Locality.create(
                code=code, name=name, name_en=name_en, kind=LocalityKind(kind)
            )
    data.localities = existing


async def load_users(data: Loaded) -> None:
    bound: dict[str, dict[str, Any]] = {
        "exhibitor": {"exhibitor_id": data.exhibitor_ids[DEMO_EXHIBITOR]}
    }
    for username, role, full_name in DEMO_USERS:
        user = await User.create(
            username=username,
            password_hash=hash_password(DEMO_PASSWORD),
            full_name=full_name,
            role=Role(role),
            **bound.get(username, {}),
        )
        if role == Role.GATE_STAFF:
            for gate in data.gates_for_staff:
                await gate.staff.add(user)
    username, role, full_name, code = LOCAL_ORGANIZER
    await User.create(
        username=username,
        password_hash=hash_password(DEMO_PASSWORD),
        full_name=full_name,
        role=Role(role),
        locality=data.localities[code],
    )
