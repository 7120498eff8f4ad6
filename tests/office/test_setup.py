"""First run on an empty database: the province profile and the first administrator."""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
from pathlib import Path

import httpx2 as httpx

from composition.demo.people import load_province
from ocopfair import province
from ocopfair.models import AuditEntry, ProvinceProfile, Role, User
from office.cli import add_arguments, gather, setup_from
from tests.factories import make_user
from tests.login import login
from tests.office.helpers import SETUP_FORM, post_setup

ROOT = Path(__file__).resolve().parents[2]


async def test_first_visit_leads_to_setup_which_makes_the_profile_and_admin(client):
    province.forget()
    first = await client.get("/")
    assert first.status_code == 303 and first.headers["location"] == "/setup"
    form = await client.get("/setup")
    assert "Thiết lập tỉnh của bạn" in form.text

    done = await post_setup(client)
    assert done.status_code == 303 and done.headers["location"] == "/setup/next"
    profile = await ProvinceProfile.get(singleton=1)
    assert (profile.name, profile.short_name, profile.email) == (
        "Lạng Sơn",
        "LS",
        "ocop@langson.gov.vn",
    )
    admin = await User.get(username="binh")
    assert admin.role == Role.ADMIN and admin.is_active
    assert await AuditEntry.filter(action="province.setup").count() == 1

    # Signed in at once, and every page now carries the province's name.
    steps = await client.get("/setup/next")
    assert steps.status_code == 200
    assert "<title>Các bước tiếp theo · OCOP Lạng Sơn</title>" in steps.text
    assert "OCOP Lạng Sơn · Chương trình Mỗi xã một sản phẩm" in steps.text
    assert "Văn phòng Điều phối Chương trình OCOP tỉnh Lạng Sơn" in steps.text
    assert "Quảng Ninh" not in steps.text


async def test_calendar_takes_its_name_and_prodid_from_the_profile(client):
    await post_setup(client)
    feed = await client.get("/calendar.ics")
    assert "PRODID:-//OCOP Lang Son//ocopfair//VI" in feed.text
    assert "NAME:Hội chợ OCOP Lạng Sơn" in feed.text
    assert "ocop-lang-son.ics" in feed.headers["content-disposition"]


async def test_a_second_setup_is_refused_and_changes_nothing(client, other_client):
    await post_setup(client)
    again = await post_setup(other_client, name="Cao Bằng", username="mallory")
    assert again.status_code == 409
    assert "đã được thiết lập" in again.text
    assert [p.name for p in await ProvinceProfile.all()] == ["Lạng Sơn"]
    assert not await User.exists(username="mallory")
    # Once set up, the setup page only sends people home.
    assert (await other_client.get("/setup")).headers["location"] == "/"


async def test_setup_is_refused_when_accounts_already_exist(client):
    await make_user("admin", "old_admin")
    response = await post_setup(client)
    assert response.status_code == 409
    assert not await ProvinceProfile.exists() and not await User.exists(username="binh")


async def test_two_setups_at_once_make_one_profile_and_one_admin(db, app):
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as one,
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as two,
    ):
        answers = await asyncio.gather(
            post_setup(one, username="first"), post_setup(two, username="second")
        )
    assert sorted(r.status_code for r in answers) == [303, 409]
    assert await ProvinceProfile.all().count() == 1
    assert await User.all().count() == 1


async def test_bad_setup_input_is_named_next_to_each_field_and_nothing_is_saved(client):
    response = await post_setup(
        client, name="", agency="", email="not-an-address", password="short", password_again="x"
    )
    assert response.status_code == 422
    text = response.text
    assert text.count("Trường này là bắt buộc.") == 2  # name and agency
    assert "Nhập địa chỉ thư điện tử" in text
    assert not await ProvinceProfile.exists() and not await User.exists()
    # What was typed is kept (never the password).
    assert 'value="LS"' in text and "mat-khau" not in text


async def test_mismatched_passwords_and_bad_username_are_refused(client):
    response = await post_setup(client, username="two words", password_again="other-pass-1")
    assert response.status_code == 422
    assert "Hai mật khẩu không giống nhau." in response.text
    assert not await User.exists()


async def test_command_line_setup_from_flags_and_file(db, tmp_path):
    values = {k: v for k, v in SETUP_FORM.items() if k != "password_again"}
    path = tmp_path / "province.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    assert await setup_from(json.loads(path.read_text(encoding="utf-8"))) == 0
    assert (await ProvinceProfile.get(singleton=1)).name == "Lạng Sơn"
    assert await setup_from({**values, "username": "again"}) == 1  # refused the second time
    assert not await User.exists(username="again")


async def test_command_line_refuses_bad_values(db, capsys):
    assert await setup_from({"name": "Lạng Sơn", "username": "a", "password": "1"}) == 1
    err = capsys.readouterr().err
    assert "short_name:" in err and "password:" in err
    assert not await ProvinceProfile.exists()


def test_the_setup_command_exists():
    out = subprocess.run(
        [str(ROOT / ".venv/bin/ocopfair"), "setup", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--admin-username" in out and "--file" in out


async def test_demo_sets_quang_ninh(db):
    await load_province()
    await province.load()
    assert province.current().title == "OCOP Quảng Ninh"
    province.forget()


async def test_admin_edits_the_profile_with_a_logo(client):
    await post_setup(client)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
    data = {**SETUP_FORM, "name": "Lạng Sơn mới", "csrf_token": client.cookies.get("csrftoken", "")}
    page = await client.get("/admin/province")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    data["csrf_token"] = token
    saved = await client.post("/admin/province", data=data, files={"logo": ("l.png", png)})
    assert saved.status_code == 303
    logo = await client.get("/province/logo")
    assert logo.content == png and logo.headers["content-type"] == "image/png"
    assert "OCOP Lạng Sơn mới" in (await client.get("/")).text
    entry = await AuditEntry.get(action="province.update")
    assert entry.before["name"] == "Lạng Sơn" and entry.after["name"] == "Lạng Sơn mới"

    bad = await client.post(
        "/admin/province", data=data, files={"logo": ("l.gif", b"GIF89a" + b"\0" * 10)}
    )
    assert bad.status_code == 422 and "PNG hoặc JPEG" in bad.text


async def test_no_province_is_written_into_templates_or_code():
    """Outside the demo data (and tests), the province is data, never text in the code."""
    found = []
    for pattern in ("templates/**/*.html", "**/*.py", "ocopfair/locale/**/*.po"):
        for path in ROOT.glob(pattern):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith((".venv/", "tests/", "composition/demo/", "benchmarks/")):
                continue
            text = path.read_text(encoding="utf-8")
            if "Quảng Ninh" in text or "Quang Ninh" in text:
                found.append(relative)
    assert found == []


async def test_officials_cannot_reach_the_profile(client):
    await make_user("official")
    await login(client, "official")
    assert (await client.get("/admin/province")).status_code == 403


def test_setup_values_come_from_flags_over_the_file(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"name": "Cao Bằng", "agency": "Sở NN&MT", "username": "a"}))
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--file", str(path), "--name", "Lạng Sơn", "--no-input"])
    values = gather(args)
    assert values["name"] == "Lạng Sơn" and values["agency"] == "Sở NN&MT"
    assert "password" not in values  # never asked for with --no-input
