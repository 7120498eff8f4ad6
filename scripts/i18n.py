"""Keep the Vietnamese catalogs in step with the code.

    python scripts/i18n.py update    # add new message ids to each domain's .po, drop stale ones
    python scripts/i18n.py missing   # list message ids that have no Vietnamese yet
    python scripts/i18n.py fill DOMAIN FILE.json   # set translations: {"msgid": "bản dịch"}
                                                   # (a plural: {"singular": ["bản dịch"]})

One catalog per domain (ocopfair/locale/vi/LC_MESSAGES/<domain>.po) so teams do not collide.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract as extract_messages
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "ocopfair" / "locale" / "vi" / "LC_MESSAGES"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}

# Which source files feed which catalog: (globs to include, globs to leave to another catalog).
DOMAINS = {
    "core": (
        [
            "ocopfair/**/*.py",
            "composition/**/*.py",
            "templates/core/*.html",
            "templates/home/*.html",
            "templates/partials/*.html",
            "templates/base.html",
        ],
        [],
    ),
    **{
        domain: ([f"{domain}/**/*.py", f"templates/{domain}/**/*.html"], [])
        for domain in (
            "exhibitors",
            "events",
            "booths",
            "sales",
            "deals",
            "visitors",
            "reports",
            "results",
            "office",
        )
    },
    # Notices also have plain-text e-mail templates.
    "notices": (["notices/**/*.py", "templates/notices/**/*.html", "templates/notices/*.txt"], []),
}


def source_files(domain: str) -> list[Path]:
    include, exclude = DOMAINS[domain]
    left_out = {p for pattern in exclude for p in ROOT.glob(pattern)}
    left_out |= {f for d in left_out if d.is_dir() for f in d.rglob("*")}
    files = {p for pattern in include for p in ROOT.glob(pattern) if p.is_file()}
    return sorted(files - left_out)


def extract(domain: str) -> Catalog:
    catalog = Catalog(locale="vi")
    for path in source_files(domain):
        method = "python" if path.suffix == ".py" else "jinja2"
        options = {} if method == "python" else {"extensions": "jinja2.ext.i18n"}
        with path.open("rb") as handle:
            for lineno, message, _comments, context in extract_messages(
                method, handle, KEYWORDS, options=options
            ):
                msgid = message if isinstance(message, str) else tuple(message)
                if msgid[0] if isinstance(msgid, tuple) else msgid:
                    catalog.add(
                        msgid, locations=[(str(path.relative_to(ROOT)), lineno)], context=context
                    )
    return catalog


def load(domain: str) -> Catalog:
    path = LOCALE / f"{domain}.po"
    if not path.exists():
        return Catalog(locale="vi", domain=domain)
    with path.open("rb") as handle:
        return read_po(handle, locale="vi")


def update(domain: str) -> None:
    existing = load(domain)
    template = extract(domain)
    # Keep the header's date: a new date on every update made every branch's catalogs collide.
    template.creation_date = existing.creation_date
    existing.update(template, no_fuzzy_matching=True)
    existing.obsolete.clear()
    LOCALE.mkdir(parents=True, exist_ok=True)
    with (LOCALE / f"{domain}.po").open("wb") as handle:
        write_po(handle, existing, width=100, omit_header=False, no_location=True)


def missing(domain: str) -> list[str]:
    """Message ids used in the code of `domain` that its catalog does not translate."""
    catalog = load(domain)
    out = []
    for message in extract(domain):
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found else None
        empty = not strings or (isinstance(strings, tuple) and not all(strings))
        if empty or (found and found.fuzzy):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def fill(domain: str, json_path: str) -> None:
    import json

    update(domain)
    catalog = load(domain)
    for msgid, string in json.loads(Path(json_path).read_text(encoding="utf-8")).items():
        for message in catalog:
            key = message.id if isinstance(message.id, str) else message.id[0]
            if key == msgid:
                message.string = tuple(string) if isinstance(string, list) else string
                message.flags.discard("fuzzy")
    with (LOCALE / f"{domain}.po").open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, no_location=True)


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if command == "fill":
        fill(sys.argv[2], sys.argv[3])
        return 0
    domains = sys.argv[2:] or list(DOMAINS)
    if command == "update":
        for domain in domains:
            update(domain)
        return 0
    total = 0
    for domain in domains:
        for msgid in missing(domain):
            print(f"{domain}: {msgid}")
            total += 1
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
