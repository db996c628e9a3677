#!/usr/bin/env bash
# RCM's test command: lint, then a fresh database with the four addons installed (no demo data),
# then every test — Odoo tests through pytest-odoo (with an HTTP server for browser tours) and the
# Odoo-free tests under tests/ — in one pytest run. Exits non-zero on any failure, on warnings or
# errors logged by RCM's modules during installation, and when no Odoo test ran for an addon.
#
#   setup/test.sh [extra pytest args]        e.g. setup/test.sh -k promise
#
# Environment: see setup/lib.sh (ODOO_SRC, RCM_HOME, PGHOST ...); RCM_KEEP_DB=1 keeps the database;
# RCM_SKIP_LINT=1 skips the pre-commit hooks (developers' inner loop only; CI never sets it).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start=$(date +%s)
rcm_bootstrap
cd "$RCM_ROOT"

if [ "${RCM_SKIP_LINT:-0}" != "1" ]; then
    rcm_say "Lint: pre-commit hooks (ruff, ruff-format, pylint-odoo)"
    if git -C "$RCM_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
        pre-commit run --all-files --show-diff-on-failure || rcm_die "Lint failed (pre-commit run --all-files)"
    else
        rcm_die "Lint needs a git checkout (pre-commit); set RCM_SKIP_LINT=1 to skip it."
    fi
fi

rcm_test_env rcm-test

# OCA's aged partner balance is installed beside RCM (test database only, from
# setup/requirements-oca-tests.txt) so that rcm_reports' aging is checked against it to the cent.
oca_addons="account_financial_report"
rcm_say "Installing $RCM_TEST_ADDONS (and, to compare against, $oca_addons) into a fresh database $db"
t0=$(date +%s)
"$RCM_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" -i "$RCM_TEST_ADDONS,$oca_addons" \
    --stop-after-init --log-level=info --logfile="$work/install.log" \
    || { tail -50 "$work/install.log"; rcm_die "Installing the addons failed (log above)"; }
rcm_say "Installed in $(($(date +%s) - t0)) s"
# Our modules must install without a single warning or error of their own.
# (fields 1-5 of a log line are date, time, pid, level and database: the database name holds "rcm_")
if awk '$4 ~ /^(WARNING|ERROR|CRITICAL)$/ { $1 = $2 = $3 = $5 = ""; print }' "$work/install.log" \
    | grep -E 'rcm[_.]' >"$work/rcm-warnings.log"; then
    cat "$work/rcm-warnings.log"
    rcm_die "RCM's modules logged warnings or errors during installation (above)"
fi

rcm_say "Running the tests"
set +e
# the comparison tests fail, instead of skipping, when the OCA addon is missing
RCM_REQUIRE_OCA=1 "$RCM_VENV/bin/python" -m pytest -p no:cacheprovider \
    --odoo-config="$conf" --odoo-database="$db" --odoo-http \
    --junitxml="$work/junit.xml" \
    rcm_collections rcm_disputes rcm_dunning rcm_reports rcm_collections_sale rcm_queue_job tests "$@"
rc=$?
set -e
[ $rc -eq 0 ] || rcm_die "Tests failed (pytest exit code $rc)"

# Every addon must have run Odoo tests: a silent "0 tests" must never pass.
"$RCM_VENV/bin/python" - "$work/junit.xml" <<'PY' || rcm_die "Some addon ran no Odoo test"
import sys
import xml.etree.ElementTree as ET

counts = {}
for case in ET.parse(sys.argv[1]).iter("testcase"):
    if case.find("skipped") is not None:
        continue
    top = case.get("classname", "").replace("odoo.addons.", "").split(".")[0]
    counts[top] = counts.get(top, 0) + 1
addons = ["rcm_collections", "rcm_disputes", "rcm_dunning", "rcm_reports", "rcm_collections_sale", "rcm_queue_job"]
print("[rcm] tests run per addon: " + ", ".join(f"{a}={counts.get(a, 0)}" for a in addons + ["tests"]))
sys.exit(0 if all(counts.get(a) for a in addons) else 1)
PY
rcm_say "All green in $(($(date +%s) - start)) s"
