#!/usr/bin/env bash
# Odoo's own tests with RCM installed: a fresh database with every RCM addon installed (no demo data),
# then Odoo's `account` payment, payment-register and reconcile test classes, run in place from the
# Odoo tree through pytest-odoo. RCM must not break the accounting it extends: these must pass as they
# do without RCM. Exits non-zero on any failure or error, or when no test ran. Not part of every CI run
# (about 10 minutes on 2 cores); run it when touching what RCM adds to accounting or to res.partner.
#
#   setup/test-odoo.sh [extra pytest args]          e.g. setup/test-odoo.sh -k reconcile -x
#
# Environment: see setup/lib.sh (ODOO_SRC, RCM_HOME, PGHOST ...); RCM_KEEP_DB=1 keeps the database;
#   RCM_ODOO_TESTS   Odoo test files to run, relative to $ODOO_SRC, space separated
#                    (default: the three files below);
#   RCM_ODOO_INSTALL addons installed into the database (default: every RCM addon, $RCM_ADDONS);
#                    RCM_ODOO_INSTALL=account gives the baseline without RCM.
#
# How the tests are run, and why:
# - The classes (TestAccountPayment, TestAccountPaymentRegister, TestAccountMoveReconcile) are tagged
#   post_install/-at_install, so they run as they are meant to on a database where the modules are
#   already installed; pytest-odoo runs every collected test whatever its tags (it would run at_install
#   tests post-install too, it skips none unless --odoo-skip-at-install), so nothing is silently skipped.
#   Odoo's own runner would run them too, without -u (odoo-bin -d DB --test-enable --stop-after-init
#   --test-tags /account:TestAccountPaymentRegister runs the post_install tests of every loaded module
#   that match); pytest-odoo is used for its per-test report, junit file and pytest arguments (-k, -x).
# - Odoo's test files are used where they are (never copied into this repository). pytest is started
#   from $ODOO_SRC with --rootdir=$ODOO_SRC: otherwise pytest picks the rootdir itself (Odoo's setup.py)
#   and ignores RCM's pyproject.toml anyway; no conftest.py of RCM is loaded (none applies to these
#   files). -p no:cacheprovider keeps pytest from writing .pytest_cache into the Odoo tree.
# - --import-mode=importlib: the default "prepend" mode puts $ODOO_SRC/addons at the head of sys.path
#   (the directory above the topmost package `account`), where Odoo's addons `calendar` and `resource`
#   shadow the standard library modules of the same names for any later import. pytest-odoo renames the
#   test modules to odoo.addons.account.tests.* in both modes (it finds account's __manifest__.py).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start=$(date +%s)
rcm_bootstrap

tests="${RCM_ODOO_TESTS:-addons/account/tests/test_account_payment.py \
addons/account/tests/test_account_payment_register.py addons/account/tests/test_account_move_reconcile.py}"
install="${RCM_ODOO_INSTALL:-$RCM_ADDONS}"
for f in $tests; do
    [ -f "$ODOO_SRC/$f" ] || rcm_die "No test file $ODOO_SRC/$f (RCM_ODOO_TESTS)"
done

rcm_test_env rcm-test-odoo

rcm_say "Installing $install into a fresh database $db"
t0=$(date +%s)
"$RCM_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" -i "$install" \
    --stop-after-init --log-level=warn --logfile="$work/install.log" \
    || { tail -50 "$work/install.log"; rcm_die "Installing $install failed (log above)"; }
rcm_say "Installed in $(($(date +%s) - t0)) s"

rcm_say "Running Odoo's tests: $tests"
cd "$ODOO_SRC"
set +e
# shellcheck disable=SC2086  # $tests is a list of paths
"$RCM_VENV/bin/python" -m pytest -p no:cacheprovider --rootdir="$ODOO_SRC" --import-mode=importlib \
    -o addopts="" -W ignore::DeprecationWarning -ra \
    --odoo-config="$conf" --odoo-database="$db" \
    --junitxml="$work/junit.xml" \
    $tests "$@"
rc=$?
set -e
[ $rc -eq 0 ] || rcm_die "Odoo's tests failed with $install installed (pytest exit code $rc)"

# A silent "0 tests" must never pass.
"$RCM_VENV/bin/python" - "$work/junit.xml" <<'PY' || rcm_die "No Odoo test ran"
import sys
import xml.etree.ElementTree as ET

cases = list(ET.parse(sys.argv[1]).iter("testcase"))
# a test whose subtests were all skipped counts as skipped (pytest marks the case <skipped>)
skipped = sum(1 for case in cases if case.find("skipped") is not None)
print(f"[rcm] Odoo tests: {len(cases)}, of which {skipped} skipped or with skipped subtests")
sys.exit(0 if len(cases) > skipped else 1)
PY
rcm_say "All green in $(($(date +%s) - start)) s"
