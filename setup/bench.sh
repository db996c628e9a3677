#!/usr/bin/env bash
# Benchmarks on a big ledger (prints figures; not part of the test command).
#
#   setup/bench.sh [--reset] [--customers 200] [--invoices 2000] [--factor 99] [--oca]
#
# Builds (once) the database RCM_BENCH_DB (default rcm_bench): the addons, a ledger from the demo
# generator (setup/rcm_demo_data.py --ledger-only), scaled F times by tests/bench/scale_ledger.py (set-based
# copies of the customers, their moves, items, payments and reconciliations, checked consistent: factor 99
# turns 200 customers / 2,100 invoices and credit notes into 20,000 / 210,000), then runs
# tests/bench/bench_collections.py, bench_dunning.py and bench_reports.py on it (and bench_delivery.py,
# bench_accounting_tax.py when present).
# --oca: the dunning and reports benchmarks run on a copy, RCM_BENCH_DB + "_oca", where OCA's
# account_credit_control and account_financial_report are installed too (from
# setup/requirements-oca-tests.txt), so that both are measured side by side on the same ledger.
#
# Cold and warm: a "cold" figure is the first run right after a restart of the PostgreSQL cluster serving
# the database (empty shared_buffers, no pg_prewarm) and, when permitted, after dropping the OS page
# cache; "warm" is the best of --repeat runs that follow. RCM_BENCH_RESTART=0 never restarts PostgreSQL
# (the "cold" rows are then only first runs, and say so): use it on a server others are using.
# Every script records its figures into RCM_BENCH_FIGURES (default $RCM_HOME/bench-figures.jsonl, emptied
# at start); the end prints them as one table, saved as Markdown to $RCM_HOME/bench-figures.md.
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
py="$RCM_VENV/bin/python"
bench="$RCM_ROOT/tests/bench"
export RCM_BENCH_FIGURES="${RCM_BENCH_FIGURES:-$RCM_HOME/bench-figures.jsonl}"
: >"$RCM_BENCH_FIGURES"

# Restart the PostgreSQL cluster serving $PGPORT (empty shared_buffers) and try to drop the OS page cache;
# sets $cold_note to what was done.
rcm_cold_start() {
    cold_note="first run, no restart (RCM_BENCH_RESTART=0)"
    [ "${RCM_BENCH_RESTART:-1}" = 1 ] || return 0
    if [ -n "${PGHOST:-}" ]; then
        cold_note="first run, no restart (remote server PGHOST=$PGHOST)"
        return 0
    fi
    local cluster
    cluster=$(pg_lsclusters -h 2>/dev/null | awk -v port="${PGPORT:-5432}" '$3 == port {print $1, $2}')
    if [ -z "$cluster" ]; then
        cold_note="first run, no restart (no local cluster on port ${PGPORT:-5432})"
        return 0
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    # shellcheck disable=SC2086
    $sudo pg_ctlcluster $cluster restart || rcm_die "pg_ctlcluster $cluster restart failed"
    for _ in $(seq 60); do pg_isready -q && break; sleep 0.5; done
    local os="OS page cache kept (drop_caches not permitted)"
    if sync && { echo 3 | $sudo tee /proc/sys/vm/drop_caches >/dev/null; } 2>/dev/null; then
        os="OS page cache dropped"
    fi
    cold_note="after restarting PostgreSQL $cluster (no pg_prewarm), $os"
    rcm_say "Cold start: $cold_note"
}

[ "$reset" = 0 ] || dropdb --if-exists "$db"
ready=$(psql -d "$db" -tAc "select value from ir_config_parameter where key = 'rcm.bench_ready'" 2>/dev/null || true)
if [ "$ready" != "1" ]; then
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    t0=$(date +%s)
    "$py" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" -i "$RCM_ADDONS" --stop-after-init \
        --log-level=warn || rcm_die "install failed"
    "$py" "$RCM_ROOT/setup/rcm_demo_data.py" -c "$conf" -d "$db" --ledger-only \
        --customers "$customers" --invoices "$invoices" || rcm_die "generator failed"
    t1=$(date +%s)
    rcm_say "Ledger generated in $((t1 - t0)) s; scaling it x$((factor + 1)) (tests/bench/scale_ledger.py --factor $factor)"
    "$py" "$bench/scale_ledger.py" -c "$conf" -d "$db" --factor "$factor" \
        || rcm_die "scaling the ledger failed"
    rcm_say "Scaled in $(($(date +%s) - t1)) s"
    psql -d "$db" -qc "VACUUM ANALYZE" >/dev/null 2>&1 || true  # (system catalogs: superuser only)
    psql -d "$db" -qc "insert into ir_config_parameter (key, value, create_date, write_date)
                       values ('rcm.bench_ready', '1', now(), now())" >/dev/null
else
    # a ledger built earlier (or by odoo-bin populate before scale_ledger.py): is it consistent?
    "$py" "$bench/scale_ledger.py" -c "$conf" -d "$db" --check-only \
        || rcm_say "WARNING: the ledger of $db is not consistent: its aging cannot agree with OCA's to the cent (--reset rebuilds it)"
fi
"$py" "$bench/bench_collections.py" -c "$conf" -d "$db"
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
        "$py" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$bench_db" \
            -i account_credit_control,account_financial_report --stop-after-init --log-level=warn \
            || rcm_die "installing OCA's addons failed"
        psql -d "$bench_db" -qc "insert into ir_config_parameter (key, value, create_date, write_date)
                                 values ('rcm.bench_oca_ready', '1', now(), now())" >/dev/null
    fi
fi
# as after a night's autovacuum: earlier benchmarks rolled back their rows, leaving dead ones behind
psql -d "$bench_db" -qc "VACUUM ANALYZE" >/dev/null 2>&1 || true  # (system catalogs: superuser only)
if [ "$oca" = 1 ]; then
    # the dunning run of each, cold (first run after a restart) then warm (best of the repeats), same database
    rcm_cold_start
    "$py" "$bench/bench_dunning.py" -c "$conf" -d "$bench_db" --only rcm --temp cold --repeat 1 --sample 0 \
        --note "$cold_note"
    "$py" "$bench/bench_dunning.py" -c "$conf" -d "$bench_db" --only rcm --temp warm
    rcm_cold_start
    "$py" "$bench/bench_dunning.py" -c "$conf" -d "$bench_db" --only oca --temp cold --sample 0 \
        --skip-oca-communications --note "$cold_note"
    "$py" "$bench/bench_dunning.py" -c "$conf" -d "$bench_db" --only oca --temp warm --skip-oca-communications
else
    "$py" "$bench/bench_dunning.py" -c "$conf" -d "$bench_db"
fi
"$py" "$bench/bench_reports.py" -c "$conf" -d "$bench_db"
[ ! -f "$bench/bench_delivery.py" ] || "$py" "$bench/bench_delivery.py" -c "$conf" -d "$bench_db" --customers 1000
[ ! -f "$bench/bench_accounting_tax.py" ] || "$py" "$bench/bench_accounting_tax.py" -c "$conf"
"$py" "$bench/bench_table.py" "$RCM_BENCH_FIGURES" | tee "$RCM_HOME/bench-figures.md"
rcm_say "Figures saved to $RCM_HOME/bench-figures.md"
