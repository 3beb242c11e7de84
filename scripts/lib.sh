# Shared set-up steps for scripts/demo and scripts/test (sourced, not run).
# Installs what is missing on a fresh Debian machine with Python 3.11: system packages through
# apt, a virtual environment with the locked Python packages, and (for tests) PostgreSQL and
# Redis, started when they are down.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_DIR="${VENV_DIR:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root for: $*"; return 1; fi
}

apt_install_missing() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing system packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}"
  fi
}

# WeasyPrint needs Pango; certificates need a CJK font; gettext compiles translations.
BASE_PACKAGES=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-wqy-zenhei fonts-dejavu-core
               gettext)
# Tests also read PDFs (poppler), drive a browser, and use the real services.
TEST_PACKAGES=(poppler-utils chromium chromium-driver postgresql redis-server nginx-light)

# ensure_venv [LOCK]: the virtual environment with exactly the locked packages (hash-checked).
# The demo needs the runtime lock; the tests the development lock (runtime + test tools).
ensure_venv() {
  local lock="${1:-requirements.lock}"
  if [ ! -x "$VENV_DIR/bin/python" ]; then
    say "creating virtual environment $VENV_DIR"
    "$PYTHON" -m venv "$VENV_DIR"
  fi
  local stamp="$VENV_DIR/.requirements.sha256"
  local wanted
  wanted="$(cat "$lock" requirements.lock | sha256sum | cut -d' ' -f1) $lock"
  # A development environment already holds everything the runtime lock asks for.
  if [ "$lock" = requirements.lock ] && [ -f "$stamp" ] && \
     [ "$(cat "$stamp")" = "$(cat requirements-dev.lock requirements.lock | sha256sum | cut -d' ' -f1) requirements-dev.lock" ]; then
    wanted="$(cat "$stamp")"
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    say "installing Python packages ($lock)"
    "$VENV_DIR/bin/python" -m pip install -q --require-hashes -r "$lock"
    echo "$wanted" > "$stamp"
  fi
  export PATH="$VENV_DIR/bin:$PATH"
}

# The .mo catalogues are built from the committed .po files, never committed themselves.
compile_messages() {
  python manage.py compilemessages -v0 --ignore '.venv*' --ignore 'var' --ignore 'out' \
    --ignore 'staticfiles' --ignore 'node_modules'
}

prepare_database() {
  say "migrating and loading reference data, criteria sets and subsidy programmes"
  python manage.py migrate -v0
  python manage.py load_factors >/dev/null
  python manage.py load_criteria >/dev/null
  python manage.py load_programmes >/dev/null
  python manage.py build_certificate_font >/dev/null
}

ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null; then apt_install_missing postgresql; fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    say "starting PostgreSQL"
    local version
    version="$(ls /etc/postgresql | sort -V | tail -n1)"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || { say "PostgreSQL is not reachable"; return 1; }
  if [ -z "${DATABASE_URL:-}" ]; then
    if psql "postgres://postgres@127.0.0.1:5432/postgres" -qtAc 'select 1' >/dev/null 2>&1; then
      export DATABASE_URL="postgres://postgres@127.0.0.1:5432/factory_eval"
    else
      # A stock Debian cluster: a superuser role for this OS user, over the local socket.
      local me
      me="$(id -un)"
      as_root runuser -u postgres -- psql -qtAc \
        "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='$me') THEN
           CREATE ROLE \"$me\" LOGIN SUPERUSER; END IF; END\$\$" >/dev/null
      export DATABASE_URL="postgres:///factory_eval"
    fi
  fi
}

ensure_database_exists() {
  python - <<'PY'
import os
from urllib.parse import urlparse

import psycopg

url = urlparse(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as connection:
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        connection.execute(f'CREATE DATABASE "{name}"')
PY
}

ensure_redis() {
  if ! command -v redis-server >/dev/null; then apt_install_missing redis-server; fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "starting Redis"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" \
      --appendonly no --dir /var/lib/redis --logfile /var/log/redis/factory-eval.log
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
  fi
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { say "Redis is not reachable"; return 1; }
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
}
