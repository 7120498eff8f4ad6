"""The triggers that drop an event's kept figures (reports/models.py) the moment a row they
were computed from changes, on SQLite and PostgreSQL.

The database does it, not the app's write paths: gate taps, check-ins, corrections, sales typed
or imported, deals, booths, a restore and anything written later all change these tables, and
a rule that each of them must remember would be forgotten once. Every source below names how
to find the event(s) a changed row belongs to; `{row}` is NEW or OLD.

PostgreSQL: the trigger takes a shared advisory lock on the event before it looks, and keeps
it to the end of its transaction; filling takes the same lock exclusively and only if it is
free (reports/figures/kept.py). So no change can commit between the fill's reading the rows
and its keeping their sums, unseen: either the fill waits for nothing and sees it committed, or
the change waits for the fill and then drops what it kept. Taps never wait on each other (the
locks are shared), and a fill never waits at all. SQLite writes one transaction at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient

# The first half of the advisory lock's key: "kept figures" (the second half is the event id).
LOCK_SPACE = 2105
KEPT_TABLES = ("keptshown", "keptlocalityfigures", "keptfigures")

_VIA_BOOTH = "SELECT event_id FROM booth WHERE id = {row}.booth_id"
_VIA_GATE = "SELECT event_id FROM gate WHERE id = {row}.gate_id"
# Every event where the producer had a booth, and with deals too (its locality is read by the
# deals' figures; its products only by the booths').
_BOOTHS_OF = (
    "SELECT b.event_id FROM boothassignment a JOIN booth b ON b.id = a.booth_id"
    " WHERE a.exhibitor_id = {row}.{column}"
)
_DEALS_OF = " UNION SELECT event_id FROM tradedeal WHERE exhibitor_id = {row}.{column}"


@dataclass(frozen=True)
class Source:
    table: str
    events: str  # SQL answering the event ids of the row `{row}`
    operations: tuple[str, ...] = ("INSERT", "UPDATE", "DELETE")
    columns: tuple[str, ...] = ()  # UPDATE only when one of these columns changes, if named


SOURCES = (
    Source("gatecount", _VIA_GATE),
    Source("countcorrection", _VIA_GATE),
    Source("gate", "SELECT {row}.event_id", ("UPDATE", "DELETE"), ("event_id",)),
    # A booth moved on the plan or renamed changes no figure; blocking one changes "offered".
    Source("booth", "SELECT {row}.event_id", columns=("event_id", "blocked")),
    Source("boothassignment", _VIA_BOOTH),
    Source(
        "salesrecord",
        "SELECT b.event_id FROM boothassignment a JOIN booth b ON b.id = a.booth_id"
        " WHERE a.id = {row}.assignment_id",
    ),
    Source("tradedeal", "SELECT {row}.event_id"),
    Source(
        "boothapplication_product",
        "SELECT event_id FROM boothapplication WHERE id = {row}.boothapplication_id",
        ("INSERT", "DELETE"),
    ),
    Source(
        "exhibitor",
        (_BOOTHS_OF + _DEALS_OF).replace("{column}", "id"),
        ("UPDATE",),
        ("locality_id", "ethnic_minority", "remote_area", "island"),
    ),
    Source(
        "product",
        _BOOTHS_OF.replace("{column}", "exhibitor_id"),
        ("INSERT", "UPDATE", "DELETE"),
        ("exhibitor_id",),
    ),
)


def _rows(operation: str) -> tuple[str, ...]:
    return {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("OLD", "NEW")}[operation]


def _sqlite_statements() -> list[str]:
    statements = []
    for source in SOURCES:
        for operation in source.operations:
            events = " UNION ".join(source.events.format(row=row) for row in _rows(operation))
            deletes = "".join(
                f"DELETE FROM {table} WHERE event_id IN ({events});" for table in KEPT_TABLES
            )
            when = ""
            if operation == "UPDATE" and source.columns:
                when = " WHEN " + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in source.columns)
            statements.append(
                f"CREATE TRIGGER kept_{source.table}_{operation.lower()} AFTER {operation}"
                f" ON {source.table} FOR EACH ROW{when} BEGIN {deletes} END"
            )
    return statements


_PG_DROP = f"""
CREATE OR REPLACE FUNCTION kept_figures_drop(ids integer[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE e integer;
BEGIN
  FOREACH e IN ARRAY ids LOOP
    CONTINUE WHEN e IS NULL;
    PERFORM pg_advisory_xact_lock_shared({LOCK_SPACE}, e);
    IF EXISTS (SELECT 1 FROM keptfigures WHERE event_id = e) THEN
      {" ".join(f"DELETE FROM {t} WHERE event_id = e;" for t in KEPT_TABLES)}
    END IF;
  END LOOP;
END $$"""


def _postgres_statements() -> list[str]:
    statements = [_PG_DROP]
    for source in SOURCES:
        name = f"kept_{source.table}"
        old, new = source.events.format(row="OLD"), source.events.format(row="NEW")
        statements.append(f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM kept_figures_drop(ARRAY({new}));
  ELSIF TG_OP = 'DELETE' THEN PERFORM kept_figures_drop(ARRAY({old}));
  ELSE PERFORM kept_figures_drop(ARRAY({old} UNION {new}));
  END IF;
  RETURN NULL;
END $$""")
        if source.columns:  # PostgreSQL's WHEN cannot tell the operations apart: a trigger each
            changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in source.columns)
            statements.append(
                f"CREATE TRIGGER {name}_update AFTER UPDATE ON {source.table}"
                f" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {name}()"
            )
        others = [op for op in source.operations if not (op == "UPDATE" and source.columns)]
        if others:
            statements.append(
                f"CREATE TRIGGER {name} AFTER {' OR '.join(others)} ON {source.table}"
                f" FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
    return statements


def trigger_names(dialect: str) -> list[str]:
    """The triggers `install` creates on this database."""
    if dialect == "sqlite":
        return [f"kept_{s.table}_{op.lower()}" for s in SOURCES for op in s.operations]
    names = []
    for s in SOURCES:
        if s.columns:
            names.append(f"kept_{s.table}_update")
        if [op for op in s.operations if not (op == "UPDATE" and s.columns)]:
            names.append(f"kept_{s.table}")
    return names


def _drop_statements(dialect: str) -> list[str]:
    if dialect == "postgres":
        # Dropping a trigger's function drops its triggers.
        return [f"DROP FUNCTION IF EXISTS kept_{s.table}() CASCADE" for s in SOURCES] + [
            "DROP FUNCTION IF EXISTS kept_figures_drop(integer[])"
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in trigger_names(dialect)]


async def install(conn: BaseDBAsyncClient) -> None:
    """Create (or re-create) the triggers: migration 0013 and the tests' schema call this."""
    dialect = conn.capabilities.dialect
    for statement in _drop_statements(dialect):
        await conn.execute_script(statement)
    statements = _postgres_statements() if dialect == "postgres" else _sqlite_statements()
    for statement in statements:
        await conn.execute_script(statement)


async def uninstall(conn: BaseDBAsyncClient) -> None:
    for statement in _drop_statements(conn.capabilities.dialect):
        await conn.execute_script(statement)
