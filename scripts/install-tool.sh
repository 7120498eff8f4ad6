#!/bin/sh
# Installs a Debian package the benchmarks or tests need (wrk, chromium...), if missing.
set -e
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
