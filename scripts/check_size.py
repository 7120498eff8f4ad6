"""Keep modules and functions small enough to read: fail `make lint` when one grows too big.

    python scripts/check_size.py

Limits, for the application packages (tests, benchmarks and migrations are not counted):
- a module: at most MAX_MODULE_LINES lines;
- a function: at most MAX_FUNCTION_LINES lines (its decorators and docstring included).
- a function's cyclomatic complexity, as radon counts it (every branch, loop, boolean operator
  and comprehension condition): at most MAX_COMPLEXITY. ruff's C901 rule (pyproject.toml)
  says the same sooner, in the editor, with a more lenient count.

A function may stay long only when it is listed in LONG_BY_DESIGN with the reason.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [
    "ocopfair",
    "composition",
    "events",
    "exhibitors",
    "booths",
    "sales",
    "visitors",
    "deals",
    "results",
    "reports",
    "office",
]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
MAX_COMPLEXITY = 15

# "path:function" -> why it may stay long.
LONG_BY_DESIGN: dict[str, str] = {
    "booths/solver.py:build_model": "the solver's model: one block per rule, read top to bottom",
}


def python_files() -> list[Path]:
    files = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                files.append(path)
    return files


def problems_in(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    relative = path.relative_to(ROOT).as_posix()
    found = []
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_MODULE_LINES:
        found.append(
            f"{relative}: {lines} lines (at most {MAX_MODULE_LINES}). Split it into "
            "modules named for what each part does."
        )
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        length = (node.end_lineno or node.lineno) - first + 1
        if length > MAX_FUNCTION_LINES and f"{relative}:{node.name}" not in LONG_BY_DESIGN:
            found.append(
                f"{relative}:{node.lineno}: {node.name}() is {length} lines (at most "
                f"{MAX_FUNCTION_LINES}). Move steps into functions named for what "
                "they do."
            )
    found += complexity_problems(text, relative)
    return found


def complexity_problems(text: str, relative: str) -> list[str]:
    from radon.complexity import cc_visit
    from radon.visitors import Class

    found = []
    blocks = cc_visit(text)
    functions = [m for b in blocks if isinstance(b, Class) for m in b.methods]
    functions += [b for b in blocks if not isinstance(b, Class)]
    # radon lists a method under its class and again on its own: judge each once.
    unique = {(f.lineno, f.name): f for f in functions}
    for block in unique.values():
        if block.complexity > MAX_COMPLEXITY and f"{relative}:{block.name}" not in LONG_BY_DESIGN:
            found.append(
                f"{relative}:{block.lineno}: {block.name}() has cyclomatic complexity "
                f"{block.complexity} (at most {MAX_COMPLEXITY}). Give each decision a function "
                "named for the question it answers."
            )
    return found


def main() -> int:
    files = python_files()
    problems = [p for path in files for p in problems_in(path)]
    biggest = max(files, key=lambda p: p.read_text(encoding="utf-8").count("\n"))
    print(
        f"size check: {len(files)} modules; the biggest is {biggest.relative_to(ROOT)} "
        f"({biggest.read_text(encoding='utf-8').count(chr(10))} lines)"
    )
    for problem in problems:
        print(problem)
    if problems:
        print(f"size check: {len(problems)} problem(s)")
        return 1
    print("size check: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
