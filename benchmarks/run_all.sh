#!/bin/sh
# Runs every benchmark (or those named: ./run_all.sh ical_http checkin_postgres) and collects
# their BENCH lines at the end. Figures, never a verdict. Each prints the load average beside its
# figures: on a shared machine only the ratios measured in one run mean much.
#   ical_http.py         feeds over HTTP vs /livez, SQLite 1 worker + PostgreSQL 2 workers (~90 s)
#   checkin_postgres.py  check-in vs the counting batch, same server, both databases (~2 min)
#   counting_honest.py   counting vs a bare ASGI endpoint (same SQL) vs the database alone (~90 s)
cd "$(dirname "$0")" || exit 1
command -v wrk >/dev/null 2>&1 || sh ../scripts/install-tool.sh wrk
PY=../.venv/bin/python
: > /tmp/ocopfair-bench.txt
if [ $# -gt 0 ]; then scripts=$(for name in "$@"; do echo "${name%.py}.py"; done); else scripts=$(ls *.py); fi
for script in $scripts; do
    case "$script" in harness.py|bare_counting.py) continue ;; esac  # helpers, not benchmarks
    echo "== $script"
    $PY "$script" | tee -a /tmp/ocopfair-bench.txt
done
echo
echo "Summary:"
grep '^BENCH ' /tmp/ocopfair-bench.txt
