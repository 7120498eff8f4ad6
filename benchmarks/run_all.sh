#!/bin/sh
# Runs every benchmark and collects their BENCH lines at the end. Figures, never a verdict.
cd "$(dirname "$0")" || exit 1
command -v wrk >/dev/null 2>&1 || sh ../scripts/install-tool.sh wrk
PY=../.venv/bin/python
: > /tmp/ocopfair-bench.txt
for script in *.py; do
    [ "$script" = harness.py ] && continue
    echo "== $script"
    $PY "$script" | tee -a /tmp/ocopfair-bench.txt
done
echo
echo "Summary:"
grep '^BENCH ' /tmp/ocopfair-bench.txt
