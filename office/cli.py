"""`ocopfair setup`: the first run from a terminal, for scripted installs too.

Values come from flags, else from a JSON file (--file), else are asked for (the password
without echo). The same checks as the setup page; a second setup is refused.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from ocopfair.errors import Invalid
from office.setup import parse_setup, run_setup

PROFILE_KEYS = ("name", "short_name", "agency", "address", "phone", "email")
ADMIN_KEYS = ("username", "password", "full_name")
PROMPTS = {
    "name": "Province name (e.g. Lạng Sơn): ",
    "short_name": "Short name (e.g. LS): ",
    "agency": "Organizing agency: ",
    "username": "First administrator's username: ",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--file", help="a JSON file with these keys: " + ", ".join(PROFILE_KEYS + ADMIN_KEYS)
    )
    for key in PROFILE_KEYS:
        parser.add_argument("--" + key.replace("_", "-"), dest=key)
    parser.add_argument("--admin-username", dest="username")
    parser.add_argument("--admin-full-name", dest="full_name")
    parser.add_argument("--admin-password", dest="password", help="asked for when not given")
    parser.add_argument(
        "--no-input", action="store_true", help="never ask; fail if a value is missing"
    )


def gather(args: argparse.Namespace) -> dict[str, str]:
    """Flags win over the file; what is still missing is asked for on a terminal."""
    values: dict[str, Any] = {}
    if args.file:
        values.update(json.loads(Path(args.file).read_text(encoding="utf-8")))
    for key in PROFILE_KEYS + ADMIN_KEYS:
        if getattr(args, key, None):
            values[key] = getattr(args, key)
    interactive = not args.no_input and sys.stdin.isatty()
    for key, prompt in PROMPTS.items():
        if not values.get(key) and interactive:
            values[key] = input(prompt)
    if not values.get("password") and interactive:
        values["password"] = getpass.getpass("Password (at least 8 characters): ")
    return {k: str(v) for k, v in values.items() if v is not None}


async def setup_from(values: dict[str, str]) -> int:
    try:
        profile, admin = parse_setup(values)
        user = await run_setup(profile, admin)
    except Invalid as exc:
        for key, message in exc.fields.items():
            print(f"{key}: {message}", file=sys.stderr)
        if not exc.fields:
            print(exc.message, file=sys.stderr)
        return 1
    print(f"Set up {profile.name}; administrator {user.username} created.")
    print("Next: ocopfair serve, sign in, and follow the next steps page.")
    return 0
