#!/usr/bin/env bash
# Installs what the service and its tests need on a fresh machine, idempotently:
#   - the Python virtualenv .venv with the project and its test extras
#   - a Java 17+ check and the Kafka broker jars (ops/kafka.sh fetch, Maven, cached)
#   - with --monitoring: Prometheus and Alertmanager from Debian's packages (needs root)
# Fast when everything is there already.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"

"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || { echo "ops/bootstrap.sh: Python 3.11+ is needed (found $("$PYTHON" --version 2>&1))" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv ..." >&2
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing Python dependencies into .venv ..." >&2
  .venv/bin/python -m pip install -q --upgrade pip >&2
  .venv/bin/python -m pip install -q -e '.[dev]' >&2
  rm -f .venv/.installed-*
  touch "$stamp"
fi

ops/kafka.sh fetch

if [ "${1:-}" = "--monitoring" ]; then
  missing=()
  command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
  command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "ops/bootstrap.sh: please install ${missing[*]} (Debian: sudo apt-get install ${missing[*]})" >&2
      exit 1
    fi
    echo "Installing ${missing[*]} from Debian's packages ..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
  # Debian starts the packaged daemons as services; the tests run their own instances.
  for svc in prometheus prometheus-alertmanager; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then systemctl stop "$svc" || true; fi
  done
fi
