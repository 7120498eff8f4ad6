"""The `ocopfair` command: serve, migrate, demo, users and tokens, backup and restore."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise import Tortoise

from composition.database import migrate_database, tortoise_config
from ocopfair.settings import get_settings
from office.cli import add_arguments as add_setup_arguments


async def _with_orm(work: Callable[[], Awaitable[Any]]) -> Any:
    await Tortoise.init(config=tortoise_config(get_settings().database_url))
    try:
        return await work()
    finally:
        await Tortoise.close_connections()


def _progress(step: str, done: int, total: int) -> None:
    """A bar redrawn in place on a terminal; plain lines in a log (CI, make)."""
    width = 30
    filled = width * done // max(total, 1)
    line = f"  {step:<22} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
    if sys.stdout.isatty():
        print("\r" + line, end="\n" if done >= total else "", flush=True)
    else:
        print(line, flush=True)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    # X-Forwarded-For/-Proto are believed only from the configured proxies (none by default;
    # uvicorn's own default would trust 127.0.0.1, i.e. anything on this machine).
    proxies = get_settings().forwarded_allow_ips
    uvicorn.run(
        "composition.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or "",
        timeout_keep_alive=30,
        # uvicorn's supervisor kills a worker that does not answer its ping within this many
        # seconds. Its default, 5, killed workers still importing the app (17 s of imports at
        # a load average of 15 on this 2-core machine): they were restarted forever and the
        # server never came up. A hung worker is still replaced, only later.
        timeout_worker_healthcheck=30,
        log_level="info" if args.verbose else "warning",
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    asyncio.run(migrate_database())
    print("Database is at the current schema.")
    return 0


def print_demo_logins() -> None:
    from composition.demo import DEMO_PASSWORD, DEMO_USERS

    print(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role, full_name in DEMO_USERS:
        print(f"  {username:<10} {role:<11} {full_name}")


def cmd_demo(args: argparse.Namespace) -> int:
    from composition.demo import has_data, load_demo

    async def work() -> int:
        if await has_data():
            if args.if_empty:
                print("The database already has data: demo data not loaded again.")
                return 0
            print(
                "The database already has data; demo data is loaded only into an empty one.",
                file=sys.stderr,
            )
            return 1
        print("Loading demo data:")
        counts = await load_demo(_progress)
        print("Loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        return 0

    status = asyncio.run(_with_orm(work))
    if status == 0:
        print_demo_logins()
    return status


def cmd_setup(args: argparse.Namespace) -> int:
    from office.cli import gather, setup_from

    values = gather(args)
    return asyncio.run(_with_orm(lambda: setup_from(values)))


def cmd_create_user(args: argparse.Namespace) -> int:
    from ocopfair.accounts import create_user
    from ocopfair.errors import Invalid
    from ocopfair.models import Role

    password = args.password or getpass.getpass("Password: ")

    async def work() -> int:
        try:
            user = await create_user(
                args.username,
                password,
                Role(args.role),
                full_name=args.full_name,
                exhibitor_id=args.exhibitor_id,
                locality_id=args.locality_id,
            )
        except Invalid as exc:
            for message in exc.fields.values() or [exc.message]:
                print(message, file=sys.stderr)
            return 1
        print(f"Created user {user.username} ({user.role.value}).")
        return 0

    return asyncio.run(_with_orm(work))


def cmd_create_token(args: argparse.Namespace) -> int:
    from ocopfair.accounts import create_token
    from ocopfair.models import User

    async def work() -> int:
        user = await User.get_or_none(username=args.username.lower(), is_active=True)
        if user is None:
            print(f"No active user {args.username}.", file=sys.stderr)
            return 1
        print(await create_token(user, args.name))
        return 0

    return asyncio.run(_with_orm(work))


def cmd_revoke_token(args: argparse.Namespace) -> int:
    from ocopfair.accounts import revoke_token

    async def work() -> int:
        if await revoke_token(args.token_id):
            print(f"Token {args.token_id} revoked.")
            return 0
        print(f"No active token {args.token_id}.", file=sys.stderr)
        return 1

    return asyncio.run(_with_orm(work))


def cmd_list_tokens(args: argparse.Namespace) -> int:
    from ocopfair.models import ApiToken

    async def work() -> int:
        for token in await ApiToken.all().select_related("user").order_by("id"):
            state = "revoked" if token.revoked_at else "active"
            print(f"{token.id:>5}  {token.user.username:<16} {state:<8} {token.name}")
        return 0

    return asyncio.run(_with_orm(work))


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ocopfair.backup import dump, write_archive

    async def work() -> int:
        archive = await dump(_progress)
        write_archive(archive, Path(args.file))
        rows = sum(len(t["rows"]) for t in archive["tables"].values())
        print(f"Wrote {rows} rows of {len(archive['tables'])} tables to {args.file}.")
        return 0

    return asyncio.run(_with_orm(work))


def cmd_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ocopfair.backup import read_archive, restore

    async def work() -> int:
        try:
            counts = await restore(read_archive(Path(args.file)), _progress)
        except (ValueError, OSError) as exc:
            print(f"Not restored: {exc}", file=sys.stderr)
            return 1
        print(f"Restored {sum(counts.values())} rows into {len(counts)} tables.")
        return 0

    asyncio.run(migrate_database())
    return asyncio.run(_with_orm(work))


def _add_token_commands(sub: Any) -> None:
    token = sub.add_parser("create-token", help="make an API bearer token (printed once)")
    token.add_argument("username")
    token.add_argument("--name", default="")
    token.set_defaults(func=cmd_create_token)

    revoke = sub.add_parser("revoke-token", help="revoke an API token by its id")
    revoke.add_argument("token_id", type=int)
    revoke.set_defaults(func=cmd_revoke_token)

    sub.add_parser("list-tokens", help="list API tokens").set_defaults(func=cmd_list_tokens)


def cmd_worker(args: argparse.Namespace) -> int:
    """Send e-mails and make reminders until stopped (Ctrl-C or SIGTERM)."""
    import signal

    from composition.app import all_routes
    from notices import worker
    from ocopfair import urls

    urls.index_routes(all_routes())  # e-mails link to pages by route name
    urls.set_base_url(get_settings().base_url)  # ...on the public address, as the app does

    async def work() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        print("Notice worker running (Ctrl-C to stop).", flush=True)
        await worker.run(stop)
        return 0

    return asyncio.run(_with_orm(work))


def _add_serve(sub: Any) -> None:
    serve = sub.add_parser("serve", help="serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="several workers need PostgreSQL (SQLite allows one writer)",
    )
    serve.add_argument("--verbose", action="store_true")
    serve.set_defaults(func=cmd_serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ocopfair", description="OCOP fair manager")
    sub = parser.add_subparsers(dest="command", required=True)

    _add_serve(sub)

    sub.add_parser("migrate", help="bring the database to the current schema").set_defaults(
        func=cmd_migrate
    )

    demo = sub.add_parser(
        "demo", help="load demo data (producers, fairs...) into an empty database"
    )
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help="do nothing (and succeed) when the database already has data",
    )
    demo.set_defaults(func=cmd_demo)

    add_setup_arguments(sub.add_parser("setup", help="first run: province and first admin"))
    sub.choices["setup"].set_defaults(func=cmd_setup)

    user = sub.add_parser("create-user", help="create a user")
    user.add_argument("username")
    user.add_argument(
        "--role",
        required=True,
        choices=["admin", "organizer", "exhibitor", "gate_staff", "official"],
    )
    user.add_argument("--password", help="asked for when not given")
    user.add_argument("--full-name", default="")
    user.add_argument("--exhibitor-id", type=int)
    user.add_argument("--locality-id", type=int)
    user.set_defaults(func=cmd_create_user)

    _add_token_commands(sub)

    sub.add_parser(
        "worker",
        help="send notice e-mails and make reminders (a separate process; see README)",
    ).set_defaults(func=cmd_worker)

    backup = sub.add_parser("backup", help="write a consistent snapshot (gzipped JSON)")
    backup.add_argument("file")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="load a snapshot into an empty database")
    restore.add_argument("file")
    restore.set_defaults(func=cmd_restore)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
