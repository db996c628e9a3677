#!/usr/bin/env bash
# Shared environment bootstrap for RCM's commands (sourced by setup/demo.sh and setup/test.sh).
#
# Finds an Odoo 19.0 source tree, prepares a virtualenv with Odoo's requirements and RCM's tools,
# makes sure a PostgreSQL server answers and has a login role for the current user, and installs the
# Debian packages the tests need (Chromium for tours, wkhtmltopdf for PDF reports).
#
# Variables (all optional):
#   ODOO_SRC   Odoo 19.0 source tree (the directory holding odoo-bin).
#              Default: $RCM_HOME/odoo-19.0
#   RCM_HOME   where RCM keeps its environment. Default: $HOME/.rcm
#   RCM_VENV   the virtualenv. Default: $RCM_HOME/venv
#   RCM_PYTHON the interpreter that creates the virtualenv (>= 3.10). Default: python3
#   ODOO_GIT_URL  where to clone Odoo from when no tree is found. Default: upstream odoo/odoo, branch 19.0
#   PGHOST/PGPORT/PGUSER  an existing PostgreSQL server to use.

set -euo pipefail

RCM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${HOME:-}" ]; then
    HOME="$(getent passwd "$(id -un)" | cut -d: -f6)"
    export HOME
fi
RCM_HOME="${RCM_HOME:-$HOME/.rcm}"
ODOO_DEFAULT_SRC="$RCM_HOME/odoo-19.0"
ODOO_SRC="${ODOO_SRC:-$ODOO_DEFAULT_SRC}"
RCM_VENV="${RCM_VENV:-$RCM_HOME/venv}"
ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"
RCM_ADDONS="rcm_collections,rcm_disputes,rcm_dunning,rcm_reports,rcm_collections_sale"
# with the queue_job bridge (its jobs need queue_job's job runner: the test command only)
RCM_TEST_ADDONS="$RCM_ADDONS,rcm_queue_job"

rcm_say() { printf '\033[1m[rcm]\033[0m %s\n' "$*" >&2; }
rcm_die() {
    printf '\n\033[1;31m[rcm] ERROR:\033[0m %s\n\n' "$*" >&2
    exit 1
}

rcm_no_odoo_message() {
    cat <<MSG
No Odoo 19.0 source tree found, and upstream Odoo could not be cloned.
Put an Odoo 19.0 source tree (the directory that holds odoo-bin) at
    $ODOO_DEFAULT_SRC
or point the ODOO_SRC environment variable at one, e.g.
    ODOO_SRC=/path/to/odoo-19.0 $0
MSG
}

# Locate (or clone) Odoo 19.0 and check its version.
rcm_find_odoo() {
    if [ ! -f "$ODOO_SRC/odoo-bin" ]; then
        if [ -e "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
            rcm_die "ODOO_SRC=$ODOO_SRC exists but holds no odoo-bin: it is not an Odoo source tree.
$(rcm_no_odoo_message)"
        fi
        rcm_say "No Odoo tree at $ODOO_SRC; trying to clone Odoo 19.0 from $ODOO_GIT_URL ..."
        if command -v git >/dev/null \
            && timeout 20 git ls-remote --exit-code --heads "$ODOO_GIT_URL" 19.0 >/dev/null 2>&1; then
            mkdir -p "$(dirname "$ODOO_SRC")"
            git clone --quiet --depth 1 --branch 19.0 "$ODOO_GIT_URL" "$ODOO_SRC" \
                || rcm_die "Cloning Odoo 19.0 into $ODOO_SRC failed.
$(rcm_no_odoo_message)"
        else
            rcm_die "$(rcm_no_odoo_message)"
        fi
    fi
    local series
    series=$(sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\),.*/\1.\2/p" "$ODOO_SRC/odoo/release.py" 2>/dev/null || true)
    [ "$series" = "19.0" ] || rcm_die "The Odoo tree at $ODOO_SRC is version '${series:-unknown}', RCM needs 19.0.
$(rcm_no_odoo_message)"
    ODOO_SRC="$(cd "$ODOO_SRC" && pwd)"
    export ODOO_SRC
    rcm_say "Odoo 19.0 source: $ODOO_SRC"
}

# Debian packages the tests and reports need, installed when missing (needs root or sudo).
rcm_debian_packages() {
    local missing=()
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    command -v pg_ctlcluster >/dev/null || command -v pg_isready >/dev/null || missing+=(postgresql)
    [ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if [ -n "$sudo" ] && ! command -v sudo >/dev/null; then
        rcm_say "Missing Debian packages: ${missing[*]} (install them as root)."
        return 0
    fi
    rcm_say "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
        || rcm_die "apt-get install ${missing[*]} failed"
}

# Virtualenv with Odoo's requirements, pytest-odoo and RCM's tools; reinstalled only when inputs change.
rcm_venv() {
    local py="${RCM_PYTHON:-python3}"
    if [ ! -x "$RCM_VENV/bin/python" ]; then
        rcm_say "Creating virtualenv $RCM_VENV"
        "$py" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || rcm_die "Python >= 3.10 required ($py)"
        mkdir -p "$(dirname "$RCM_VENV")"
        "$py" -m venv "$RCM_VENV"
    fi
    local req="$RCM_VENV/rcm-odoo-requirements.txt"
    # python-ldap needs the OpenLDAP/SASL headers; it only serves auth_ldap, which RCM does not use.
    if [ -f /usr/include/ldap.h ] && [ -f /usr/include/sasl/sasl.h ]; then
        cp "$ODOO_SRC/requirements.txt" "$req"
    else
        grep -vi '^python-ldap' "$ODOO_SRC/requirements.txt" >"$req"
        rcm_say "Note: skipping python-ldap (libldap2-dev/libsasl2-dev headers missing; only auth_ldap needs it)."
    fi
    local stamp="$RCM_VENV/.rcm-stamp"
    local want
    want=$(cat "$req" "$RCM_ROOT/setup/requirements-dev.txt" "$RCM_ROOT/setup/requirements-oca-tests.txt" \
        "$RCM_ROOT/setup/requirements-queue.txt" | sha1sum | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        rcm_say "Installing Python requirements into $RCM_VENV (first run takes a few minutes)"
        "$RCM_VENV/bin/pip" install -q --disable-pip-version-check -r "$req" -r "$RCM_ROOT/setup/requirements-dev.txt" \
            || rcm_die "pip install of Odoo's requirements failed (see above)"
        # OCA addons to compare against (tests and benchmarks only); their wheels require an `odoo`
        # distribution that PyPI does not have, hence --no-deps (their own dependencies are above).
        "$RCM_VENV/bin/pip" install -q --disable-pip-version-check --no-deps \
            -r "$RCM_ROOT/setup/requirements-oca-tests.txt" \
            || rcm_die "pip install of the OCA addons used by the comparison tests failed (see above)"
        # OCA's job queue for the rcm_queue_job bridge (same reason for --no-deps; its dependencies
        # are listed beside it)
        "$RCM_VENV/bin/pip" install -q --disable-pip-version-check --no-deps \
            -r "$RCM_ROOT/setup/requirements-queue.txt" \
            || rcm_die "pip install of OCA's queue_job failed (see above)"
        echo "$want" >"$stamp"
    fi
    # Odoo itself is used from the source tree, not installed: put it on the path through a .pth file.
    local site
    site=$("$RCM_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "$ODOO_SRC" >"$site/rcm-odoo-src.pth"
    "$RCM_VENV/bin/python" -c 'import odoo.release as r; assert r.serie == "19.0", r.serie' \
        || rcm_die "Odoo from $ODOO_SRC does not import in $RCM_VENV"
    export PATH="$RCM_VENV/bin:$PATH"
}

# A PostgreSQL server that answers, with a login role for the current user.
rcm_postgres() {
    RCM_DB_USER="${PGUSER:-$(id -un)}"
    [ "$RCM_DB_USER" != "postgres" ] || rcm_die "Odoo refuses to connect as 'postgres': run as another user or set PGUSER."
    if pg_isready -q 2>/dev/null; then
        rcm_say "PostgreSQL answers at ${PGHOST:-local socket}:${PGPORT:-5432}"
    elif [ -n "${PGHOST:-}" ]; then
        rcm_die "PGHOST=$PGHOST is set but no PostgreSQL answers there."
    else
        command -v pg_lsclusters >/dev/null || rcm_die "No PostgreSQL server answers and pg_ctlcluster is not installed (apt-get install postgresql)."
        local cluster
        cluster=$(pg_lsclusters -h | sort -k1,1nr | head -1)
        [ -n "$cluster" ] || rcm_die "No PostgreSQL cluster exists (pg_createcluster 15 main)."
        set -- $cluster
        rcm_say "Starting PostgreSQL cluster $1/$2 (port $3) with pg_ctlcluster"
        if [ "$(id -u)" -eq 0 ]; then
            pg_ctlcluster "$1" "$2" start || true
        else
            sudo pg_ctlcluster "$1" "$2" start || true
        fi
        export PGPORT="$3"
        for _ in $(seq 30); do pg_isready -q && break; sleep 0.5; done
        pg_isready -q || rcm_die "PostgreSQL cluster $1/$2 did not start"
        rcm_say "Started PostgreSQL $1/$2 on port $3"
    fi
    if ! psql -d postgres -U "$RCM_DB_USER" -tAc 'select 1' >/dev/null 2>&1; then
        [ -z "${PGHOST:-}" ] || rcm_die "Role $RCM_DB_USER cannot log in to PostgreSQL at $PGHOST."
        rcm_say "Creating PostgreSQL login role '$RCM_DB_USER' (createdb)"
        if [ "$(id -u)" -eq 0 ]; then
            runuser -u postgres -- createuser --createdb "$RCM_DB_USER"
        else
            sudo -u postgres createuser --createdb "$RCM_DB_USER"
        fi
    fi
    export RCM_DB_USER
}

# Write an Odoo configuration: rcm_write_conf FILE DATA_DIR ["key = value" ...] (RCM's addons path, the
# database connection, loopback HTTP, then the extra lines).
rcm_write_conf() {
    local file="$1" data_dir="$2"
    shift 2
    mkdir -p "$(dirname "$file")"
    {
        echo "[options]"
        echo "addons_path = $ODOO_SRC/addons,$RCM_ROOT"
        echo "db_user = $RCM_DB_USER"
        [ -z "${PGHOST:-}" ] || echo "db_host = $PGHOST"
        [ -z "${PGPORT:-}" ] || echo "db_port = $PGPORT"
        [ -z "${PGPASSWORD:-}" ] || echo "db_password = $PGPASSWORD"
        echo "data_dir = $data_dir"
        echo "http_interface = 127.0.0.1"
        local line
        for line in "$@"; do echo "$line"; done
    } >"$file"
}

# A throw-away test environment: rcm_test_env PREFIX sets $work (a temporary directory), $db (a fresh
# database name) and $conf (an Odoo configuration without crons), and drops both at exit unless
# RCM_KEEP_DB=1.
rcm_test_env() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    db="${1//-/_}_$(date +%Y%m%d_%H%M%S)_$$"
    conf="$work/odoo.conf"
    trap rcm_test_env_cleanup EXIT
    rcm_write_conf "$conf" "$work/data" "max_cron_threads = 0"
}
rcm_test_env_cleanup() {
    if [ "${RCM_KEEP_DB:-0}" = "1" ]; then
        rcm_say "Kept database $db and $work"
    else
        dropdb --if-exists "$db" >/dev/null 2>&1 || true
        rm -rf "$work"
    fi
}

# Odoo's command line with RCM's addons path and database connection.
rcm_odoo() {
    local args=(--addons-path="$ODOO_SRC/addons,$RCM_ROOT" --db_user="$RCM_DB_USER")
    [ -z "${PGHOST:-}" ] || args+=(--db_host="$PGHOST")
    [ -z "${PGPORT:-}" ] || args+=(--db_port="$PGPORT")
    [ -z "${PGPASSWORD:-}" ] || args+=(--db_password="$PGPASSWORD")
    "$RCM_VENV/bin/python" "$ODOO_SRC/odoo-bin" "${args[@]}" "$@"
}

rcm_bootstrap() {
    rcm_find_odoo
    rcm_debian_packages
    rcm_venv
    rcm_postgres
}
