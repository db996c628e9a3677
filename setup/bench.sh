#!/usr/bin/env bash
# Benchmarks on a big ledger (prints figures; not part of the test command).
#
#   setup/bench.sh [--reset] [--customers 200] [--invoices 2000] [--factor 99] [--oca]
#
# Builds (once) the database RCM_BENCH_DB (default rcm_bench): the four addons, a ledger from the demo
# generator, then scaled with `odoo-bin populate --models res.partner,account.move --factors F`
# (factor 99 turns 200 customers / 2,000 invoices into ~20,000 / ~200,000), and runs
# tests/bench/bench_collections.py, bench_dunning.py and bench_reports.py on it.
# --oca: the dunning and reports benchmarks run on a copy, RCM_BENCH_DB + "_oca", where OCA's
# account_credit_control and account_financial_report are installed too (from
# setup/requirements-oca-tests.txt), so that both are measured side by side on the same ledger.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

reset=0 customers=200 invoices=2000 factor=99 oca=0
while [ $# -gt 0 ]; do
    case "$1" in
        --reset) reset=1 ;;
        --customers) customers="$2"; shift ;;
        --invoices) invoices="$2"; shift ;;
        --factor) factor="$2"; shift ;;
        --oca) oca=1 ;;
        *) rcm_die "Unknown option $1" ;;
    esac
    shift
done

rcm_bootstrap
db="${RCM_BENCH_DB:-rcm_bench}"
conf="$RCM_HOME/odoo-bench.conf"
rcm_write_conf "$conf" "$RCM_HOME/data"

[ "$reset" = 0 ] || dropdb --if-exists "$db"
ready=$(psql -d "$db" -tAc "select value from ir_config_parameter where key = 'rcm.bench_ready'" 2>/dev/null || true)
if [ "$ready" != "1" ]; then
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    t0=$(date +%s)
    "$RCM_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" -i "$RCM_ADDONS" --stop-after-init \
        --log-level=warn || rcm_die "install failed"
    "$RCM_VENV/bin/python" "$RCM_ROOT/setup/rcm_demo_data.py" -c "$conf" -d "$db" --ledger-only \
        --customers "$customers" --invoices "$invoices" || rcm_die "generator failed"
    t1=$(date +%s)
    rcm_say "Ledger generated in $((t1 - t0)) s; scaling it with odoo-bin populate (factor $factor)"
    "$RCM_VENV/bin/python" "$ODOO_SRC/odoo-bin" populate -c "$conf" -d "$db" \
        --models res.partner,account.move --factors "$factor" --log-level=warn || rcm_die "populate failed"
    rcm_say "Populated in $(($(date +%s) - t1)) s"
    # populate rebuilds indexes inside its own transaction (pg_index.indcheckxmin): rebuild them so the
    # planner can use them at once, as on a real ledger
    psql -d "$db" -qc "REINDEX TABLE account_move_line; REINDEX TABLE account_move; REINDEX TABLE res_partner"
    psql -d "$db" -qc "VACUUM ANALYZE" >/dev/null 2>&1 || true  # (system catalogs: superuser only)
    psql -d "$db" -qc "insert into ir_config_parameter (key, value, create_date, write_date)
                       values ('rcm.bench_ready', '1', now(), now())" >/dev/null
fi
"$RCM_VENV/bin/python" "$RCM_ROOT/tests/bench/bench_collections.py" -c "$conf" -d "$db"
bench_db="$db"
if [ "$oca" = 1 ]; then
    bench_db="${db}_oca"
    [ "$reset" = 0 ] || dropdb --if-exists "$bench_db"
    ready=$(psql -d "$bench_db" -tAc "select value from ir_config_parameter where key = 'rcm.bench_oca_ready'" \
        2>/dev/null || true)
    if [ "$ready" != "1" ]; then
        dropdb --if-exists "$bench_db" >/dev/null 2>&1 || true
        rcm_say "Copying $db to $bench_db and installing OCA's addons there to compare against"
        createdb -T "$db" "$bench_db" || rcm_die "copy of $db failed (is something connected to it?)"
        rm -rf "$RCM_HOME/data/filestore/$bench_db"
        [ ! -d "$RCM_HOME/data/filestore/$db" ] || cp -a "$RCM_HOME/data/filestore/$db" "$RCM_HOME/data/filestore/$bench_db"
        "$RCM_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$bench_db" \
            -i account_credit_control,account_financial_report --stop-after-init --log-level=warn \
            || rcm_die "installing OCA's addons failed"
        psql -d "$bench_db" -qc "insert into ir_config_parameter (key, value, create_date, write_date)
                                 values ('rcm.bench_oca_ready', '1', now(), now())" >/dev/null
    fi
fi
# as after a night's autovacuum: earlier benchmarks rolled back their rows, leaving dead ones behind
psql -d "$bench_db" -qc "VACUUM ANALYZE" >/dev/null 2>&1 || true  # (system catalogs: superuser only)
"$RCM_VENV/bin/python" "$RCM_ROOT/tests/bench/bench_dunning.py" -c "$conf" -d "$bench_db"
"$RCM_VENV/bin/python" "$RCM_ROOT/tests/bench/bench_reports.py" -c "$conf" -d "$bench_db"
