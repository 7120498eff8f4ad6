"""An API module never imports a page module: fail `make lint` when one does.

    python scripts/check_api_imports.py

API modules are api.py and api_*.py of each package; page modules are routes.py, *_pages.py
and page_*.py. A rule both need lives in the package's access.py or a logic module, so the
page and the API cannot drift apart. (import-linter checks the direction between packages; its
module patterns cannot name api_*.py, hence this small check.)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from check_size import PACKAGES, ROOT  # the same application packages


def is_api(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last == "api" or last.startswith("api_")


def is_pages(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last == "routes" or last.endswith("_pages") or last.startswith("page_")


def imported_modules(path: Path, package: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x
                base = ".".join([package, base]).strip(".")
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def main() -> int:
    problems = []
    checked = 0
    for package in PACKAGES:
        for path in sorted((ROOT / package).glob("*.py")):
            module = f"{package}.{path.stem}"
            if not is_api(module):
                continue
            checked += 1
            for line, name in imported_modules(path, package):
                if is_pages(name):
                    problems.append(
                        f"{path.relative_to(ROOT)}:{line}: the API module imports the page "
                        f"module {name}. Move what both need into access.py or a logic module."
                    )
    for problem in problems:
        print(problem)
    print(
        f"api imports: {checked} API modules, "
        + ("passed" if not problems else f"{len(problems)} problem(s)")
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
