#!/usr/bin/env bash
# The simulated desk at any size, in a throw-away database (dropped at exit unless RCM_KEEP_DB=1):
#
#   setup/simulate.sh [--customers 200] [--days 90] [--seed 1]
#
# Creates a fresh database with the addons (or, with RCM_SIM_TEMPLATE=DB, a copy of DB and of its
# filestore updated to the working tree: faster), then runs setup/simulate.py on it: per-day figures,
# violations, summary.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rcm_bootstrap
rcm_test_env rcm-simulate
if [ -n "${RCM_SIM_TEMPLATE:-}" ]; then
    rcm_say "Copying $RCM_SIM_TEMPLATE into $db and updating the addons"
    createdb -T "$RCM_SIM_TEMPLATE" "$db" || rcm_die "cannot copy $RCM_SIM_TEMPLATE"
    # its attachments too (RCM_SIM_TEMPLATE_FILESTORE, default under $RCM_HOME/data)
    store="${RCM_SIM_TEMPLATE_FILESTORE:-$RCM_HOME/data/filestore/$RCM_SIM_TEMPLATE}"
    if [ -d "$store" ]; then
        mkdir -p "$work/data/filestore" && cp -r "$store" "$work/data/filestore/$db"
    else
        rcm_say "No filestore at $store: attachments of $RCM_SIM_TEMPLATE will be missing"
    fi
    "$RCM_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" -u "$RCM_ADDONS" --stop-after-init \
        --log-level=warn || rcm_die "update failed"
else
    rcm_say "Installing the addons into $db"
    "$RCM_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" -i "$RCM_ADDONS" --stop-after-init \
        --log-level=warn || rcm_die "install failed"
fi
"$RCM_VENV/bin/python" "$RCM_ROOT/setup/simulate.py" -c "$conf" -d "$db" "$@"
