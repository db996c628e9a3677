#!/usr/bin/env python3
# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scale a generated ledger F times, set-based and consistent (replaces ``odoo-bin populate``).

    python tests/bench/scale_ledger.py -c ODOO_CONF -d DB --factor 99

Run it on a database holding the demo generator's ledger (``setup/rcm_demo_data.py --ledger-only``).
It adds F copies of that ledger, so factor 99 turns 200 customers / 2,100 invoices and credit notes into
20,000 / 210,000. What is copied, in one transaction and a handful of ``INSERT ... SELECT`` statements
over ``generate_series(1, F)`` (copy ``k`` of a row of table T gets ``id + k * max(T.id)``):

* the customers: every commercial partner of a posted receivable item (the companies' own partners
  apart) and their contacts and addresses (``res_partner``, with their tags), names suffixed ``#k``;
* their posted moves (invoices, credit notes, payment entries, exchange differences) and journal items,
  the taxes and tax tags of the items, the payments, the partial and full reconciliations between them.

Every column pointing to a copied row (found in PostgreSQL's foreign keys, so that columns added by
other addons follow) is remapped to the same copy; the other columns are copied as they are (dates,
amounts, residuals, ``reconciled`` flags: the generator's ledger is consistent, so are its copies).
Names stay unique per journal: a copy's sequence number is ``number + k * (highest number of its
sequence prefix)``; the items' ``move_name``, the payments' ``name`` and ``matching_number`` follow.

Before committing, one query checks the whole ledger: receivable items whose residual differs from their
balance minus their partial reconciliations (Odoo's ``_compute_amount_residual``), and items flagged
reconciled without a full reconciliation; when either count is not 0 it rolls back and exits 1.
Then it analyzes the tables. RCM's own rows are left as the generator left them (no backbone rows nor
cases yet, the generator's ledger changes pending), as ``odoo-bin populate`` left them: the benchmarks
let RCM compute them (``bench_collections.py`` times the backbone's first full refresh, rolled back),
and the dunning run measured on a ledger whose customers all have a case following a dunning strategy
would dun nobody (its own level triggers leave those customers to the strategy). ``--follow`` lets RCM
follow the ledger and commits it (pending ledger changes, then the backbone's full refresh with risk
and cases), as the crons of a live desk would.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import benchlib

# the tables copied, in insertion order (move and payment point at each other: inserted together)
TABLES = (
    "res_partner",
    "account_full_reconcile",
    "account_move",
    "account_payment",
    "account_move_line",
    "account_partial_reconcile",
)
# many2many tables copied with their rows (every column pointing to a copied table is remapped)
RELATIONS = (
    "res_partner_res_partner_category_rel",
    "account_move__account_payment",
    "account_move_line_account_tax_rel",
    "account_account_tag_account_move_line_rel",
)


def _foreign_keys(env, tables):
    """``{(table, column): referenced table}`` for the single-column foreign keys of ``tables`` that
    point to one of the copied tables."""
    from odoo.tools import SQL

    rows = env.execute_query(
        SQL(
            """
            SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
              FROM pg_constraint c
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1
               AND c.conrelid::regclass::text = ANY(%s) AND c.confrelid::regclass::text = ANY(%s)
            """,
            list(tables),
            list(TABLES),
        )
    )
    return {(table, column): target for table, column, target in rows}


def _columns(env, table):
    """The stored columns of ``table``, in order."""
    from odoo.tools import SQL

    return [
        row[0]
        for row in env.execute_query(
            SQL(
                """
                SELECT column_name FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = %s AND is_generated = 'NEVER'
                 ORDER BY ordinal_position
                """,
                table,
            )
        )
    ]


def _select_sources(env):
    """Fill one temporary table ``rcm_scale_<table>(id)`` per copied table with the rows to copy;
    return their counts."""
    from odoo.tools import SQL

    statements = {
        # customers: commercial partners of posted receivable items, not a company's own partner
        "res_partner": """
            SELECT p.id FROM res_partner p
             WHERE p.commercial_partner_id IN (
                   SELECT DISTINCT aml.partner_id FROM account_move_line aml
                     JOIN account_account acc ON acc.id = aml.account_id
                    WHERE acc.account_type = 'asset_receivable' AND aml.parent_state = 'posted')
               AND p.commercial_partner_id NOT IN (SELECT partner_id FROM res_company)
        """,
        "account_move": """
            SELECT m.id FROM account_move m
             WHERE m.state = 'posted'
               AND (m.commercial_partner_id IN (SELECT id FROM rcm_scale_res_partner)
                    OR EXISTS (SELECT 1 FROM account_move_line aml
                                WHERE aml.move_id = m.id
                                  AND aml.partner_id IN (SELECT id FROM rcm_scale_res_partner)))
        """,
        "account_move_line": """
            SELECT id FROM account_move_line WHERE move_id IN (SELECT id FROM rcm_scale_account_move)
        """,
        "account_payment": """
            SELECT id FROM account_payment WHERE move_id IN (SELECT id FROM rcm_scale_account_move)
        """,
        "account_partial_reconcile": """
            SELECT id FROM account_partial_reconcile
             WHERE debit_move_id IN (SELECT id FROM rcm_scale_account_move_line)
                OR credit_move_id IN (SELECT id FROM rcm_scale_account_move_line)
        """,
        "account_full_reconcile": """
            SELECT full_reconcile_id FROM account_move_line
             WHERE id IN (SELECT id FROM rcm_scale_account_move_line) AND full_reconcile_id IS NOT NULL
            UNION
            SELECT full_reconcile_id FROM account_partial_reconcile
             WHERE id IN (SELECT id FROM rcm_scale_account_partial_reconcile)
               AND full_reconcile_id IS NOT NULL
        """,
    }
    counts = {}
    for table in ("res_partner", "account_move", "account_move_line", "account_payment",
                  "account_partial_reconcile", "account_full_reconcile"):  # fmt: skip
        temp = SQL.identifier(f"rcm_scale_{table}")
        env.cr.execute(SQL("CREATE TEMPORARY TABLE %s (id int PRIMARY KEY) ON COMMIT DROP", temp))
        env.cr.execute(SQL("INSERT INTO %s %s", temp, SQL(statements[table])))
        counts[table] = env.cr.rowcount
        env.cr.execute(SQL("ANALYZE %s", temp))
    # a copy must be closed: both sides of every copied reconciliation are copied too
    ((outside,),) = env.execute_query(
        SQL(
            """
            SELECT COUNT(*) FROM account_partial_reconcile
             WHERE id IN (SELECT id FROM rcm_scale_account_partial_reconcile)
               AND (debit_move_id NOT IN (SELECT id FROM rcm_scale_account_move_line)
                    OR credit_move_id NOT IN (SELECT id FROM rcm_scale_account_move_line)
                    OR exchange_move_id NOT IN (SELECT id FROM rcm_scale_account_move))
            """
        )
    )
    if outside:
        raise SystemExit(f"{outside} reconciliations link a customer's item to an item left out: not scaling")
    return counts


def _copy_select(env, table, offsets, foreign_keys, overrides=None):
    """``(columns, SELECT)`` copying the source rows of ``table`` once per ``k`` of the series, ids
    shifted by ``k * offsets[table]`` and every reference to a copied row remapped the same way.
    ``overrides`` maps a column to its own SQL expression (over alias ``t`` and series ``k``)."""
    from odoo.tools import SQL

    overrides = overrides or {}
    columns = _columns(env, table)
    exprs = []
    for column in columns:
        col = SQL("t.%s", SQL.identifier(column))
        target = foreign_keys.get((table, column))
        if column in overrides:
            exprs.append(overrides[column])
        elif column == "id" and table in offsets:
            exprs.append(SQL("t.id + k * %s", offsets[table]))
        elif target:
            exprs.append(
                SQL(
                    "CASE WHEN %(col)s IN (SELECT id FROM %(src)s) THEN %(col)s + k * %(offset)s "
                    "ELSE %(col)s END",
                    col=col,
                    src=SQL.identifier(f"rcm_scale_{target}"),
                    offset=offsets[target],
                )
            )
        else:
            exprs.append(col)
    return columns, SQL(", ").join(exprs)


def _insert(env, table, offsets, foreign_keys, factor, overrides=None, where=None):
    """Insert the copies of ``table``'s source rows; return the number of rows inserted."""
    from odoo.tools import SQL

    columns, select = _copy_select(env, table, offsets, foreign_keys, overrides)
    where = where or SQL("t.id IN (SELECT id FROM %s)", SQL.identifier(f"rcm_scale_{table}"))
    env.cr.execute(
        SQL(
            "INSERT INTO %(table)s (%(columns)s) SELECT %(select)s FROM %(table)s t "
            "CROSS JOIN generate_series(1, %(factor)s) k WHERE %(where)s",
            table=SQL.identifier(table),
            columns=SQL(", ").join(SQL.identifier(c) for c in columns),
            select=select,
            factor=factor,
            where=where,
        )
    )
    return env.cr.rowcount


def _drop_foreign_keys(env):
    """Drop the foreign keys of the copied tables and return the statements re-creating them.

    Checked row by row, they cost most of the copy (tens of them per journal item); re-created after
    the copy, each is validated by one set-based join, as ``odoo-bin populate`` does."""
    from odoo.tools import SQL

    rows = env.execute_query(
        SQL(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
              FROM pg_constraint c
             WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
            """,
            list(TABLES + RELATIONS),
        )
    )
    restore = []
    for table, name, definition in rows:
        env.cr.execute(SQL("ALTER TABLE %s DROP CONSTRAINT %s", SQL.identifier(table), SQL.identifier(name)))
        restore.append(
            SQL(
                "ALTER TABLE %s ADD CONSTRAINT %s %s",
                SQL.identifier(table),
                SQL.identifier(name),
                SQL(definition.replace("%", "%%")),
            )
        )
    return restore


def _drop_indexes(env):
    """Drop the indexes of the copied tables that back no constraint (primary keys stay) and return
    the statements re-creating them: built once on the whole table after the copy instead of updated
    row by row (a journal item has tens of them), as ``odoo-bin populate`` does. Re-creating a unique
    index (posted names per journal) checks it again."""
    from odoo.tools import SQL

    rows = env.execute_query(
        SQL(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
             WHERE i.indrelid::regclass::text = ANY(%s)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            list(TABLES + RELATIONS),
        )
    )
    for name, _definition in rows:
        env.cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    return [SQL(definition.replace("%", "%%")) for _name, definition in rows]


def scale(env, factor):
    """Add ``factor`` copies of the ledger's customers and their accounting; return what was copied
    (``{table: rows inserted}``). Everything happens in the caller's transaction."""
    from odoo.tools import SQL

    env.flush_all()
    sources = _select_sources(env)
    offsets = {
        table: env.execute_query(SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(table)))[0][0]
        for table in TABLES
    }
    foreign_keys = _foreign_keys(env, TABLES + RELATIONS)
    restore = _drop_indexes(env) + _drop_foreign_keys(env)
    inserted = {}
    suffix = SQL("' #' || (k + 1)")  # the generated ledger is copy #1

    # customers: companies (and the company name on their contacts) get the copy's number
    inserted["res_partner"] = _insert(
        env,
        "res_partner",
        offsets,
        foreign_keys,
        factor,
        overrides={
            "name": SQL("CASE WHEN t.id = t.commercial_partner_id THEN t.name || %s ELSE t.name END", suffix),
            "commercial_company_name": SQL(
                "CASE WHEN t.commercial_company_name IS NULL THEN NULL "
                "ELSE t.commercial_company_name || %s END",
                suffix,
            ),
            "complete_name": SQL(
                """CASE WHEN t.id = t.commercial_partner_id THEN t.complete_name || %(s)s
                        WHEN t.commercial_company_name IS NOT NULL
                             AND starts_with(t.complete_name, t.commercial_company_name)
                        THEN t.commercial_company_name || %(s)s
                             || substr(t.complete_name, length(t.commercial_company_name) + 1)
                        ELSE t.complete_name END""",
                s=suffix,
            ),
        },
    )
    inserted["account_full_reconcile"] = _insert(env, "account_full_reconcile", offsets, foreign_keys, factor)

    # moves: a copy's number continues its sequence (prefix + number + k * highest number of the prefix)
    env.cr.execute(
        SQL(
            """
            CREATE TEMPORARY TABLE rcm_scale_sequence ON COMMIT DROP AS
            SELECT journal_id, sequence_prefix, MAX(sequence_number) AS top,
                   MAX(length(name) - length(sequence_prefix)) AS digits
              FROM account_move
             WHERE state = 'posted' AND sequence_prefix IS NOT NULL
             GROUP BY journal_id, sequence_prefix
            """
        )
    )
    env.cr.execute(
        SQL(
            """
            CREATE TEMPORARY TABLE rcm_scale_name ON COMMIT DROP AS
            SELECT m.id, k, m.sequence_number + k * s.top AS number,
                   CASE WHEN m.name = m.sequence_prefix || lpad(m.sequence_number::text, s.digits, '0')
                        THEN m.sequence_prefix
                             || lpad((m.sequence_number + k * s.top)::text,
                                     greatest(s.digits, length((m.sequence_number + k * s.top)::text)), '0')
                        ELSE m.name || '#' || (k + 1) END AS name
              FROM account_move m
              JOIN rcm_scale_sequence s
                ON s.journal_id = m.journal_id AND s.sequence_prefix = m.sequence_prefix
             CROSS JOIN generate_series(1, %s) k
             WHERE m.id IN (SELECT id FROM rcm_scale_account_move);
            ALTER TABLE rcm_scale_name ADD PRIMARY KEY (id, k);
            ANALYZE rcm_scale_name;
            """,
            factor,
        )
    )
    # the invoices a payment's memo can name (one per name: the unique index on posted names is per journal)
    env.cr.execute(
        SQL(
            """
            CREATE TEMPORARY TABLE rcm_scale_memo ON COMMIT DROP AS
            SELECT DISTINCT ON (name) name, id FROM account_move
             WHERE id IN (SELECT id FROM rcm_scale_account_move)
               AND move_type IN ('out_invoice', 'out_refund')
             ORDER BY name, id;
            ALTER TABLE rcm_scale_memo ADD PRIMARY KEY (name);
            ANALYZE rcm_scale_memo;
            """
        )
    )
    name = SQL("(SELECT n.name FROM rcm_scale_name n WHERE n.id = t.id AND n.k = k.k)")
    move_columns, move_select = _copy_select(
        env,
        "account_move",
        offsets,
        foreign_keys,
        overrides={
            "name": name,
            "sequence_number": SQL("(SELECT n.number FROM rcm_scale_name n WHERE n.id = t.id AND n.k = k.k)"),
            "payment_reference": SQL(
                "CASE WHEN t.payment_reference = t.name THEN %s ELSE t.payment_reference END", name
            ),
        },
    )
    pay_columns, pay_select = _copy_select(
        env,
        "account_payment",
        offsets,
        foreign_keys,
        overrides={
            "name": SQL(
                "COALESCE((SELECT n.name FROM rcm_scale_name n WHERE n.id = t.move_id AND n.k = k.k), t.name)"
            ),
            # the memo names the invoice paid: the same copy's invoice
            "memo": SQL(
                """COALESCE((SELECT n.name FROM rcm_scale_memo o
                               JOIN rcm_scale_name n ON n.id = o.id AND n.k = k.k
                              WHERE o.name = t.memo), t.memo)"""
            ),
        },
    )
    # one statement: a payment points at its move and the move at its payment
    env.cr.execute(
        SQL(
            """
            WITH payments AS (
                INSERT INTO account_payment (%(pay_columns)s)
                SELECT %(pay_select)s FROM account_payment t CROSS JOIN generate_series(1, %(factor)s) k(k)
                 WHERE t.id IN (SELECT id FROM rcm_scale_account_payment)
                RETURNING 1
            ), moves AS (
                INSERT INTO account_move (%(move_columns)s)
                SELECT %(move_select)s FROM account_move t CROSS JOIN generate_series(1, %(factor)s) k(k)
                 WHERE t.id IN (SELECT id FROM rcm_scale_account_move)
                RETURNING 1
            )
            SELECT (SELECT COUNT(*) FROM payments), (SELECT COUNT(*) FROM moves)
            """,
            pay_columns=SQL(", ").join(SQL.identifier(c) for c in pay_columns),
            pay_select=pay_select,
            move_columns=SQL(", ").join(SQL.identifier(c) for c in move_columns),
            move_select=move_select,
            factor=factor,
        )
    )
    inserted["account_payment"], inserted["account_move"] = env.cr.fetchone()

    inserted["account_move_line"] = _insert(
        env,
        "account_move_line",
        offsets,
        foreign_keys,
        factor,
        overrides={
            "move_name": SQL("(SELECT n.name FROM rcm_scale_name n WHERE n.id = t.move_id AND n.k = k.k)"),
            # a receivable item's label names its invoice ("PO-19539 - INV/2025/00031")
            "name": SQL(
                """CASE WHEN strpos(t.name, t.move_name) > 0
                        THEN replace(t.name, t.move_name,
                                     (SELECT n.name FROM rcm_scale_name n
                                       WHERE n.id = t.move_id AND n.k = k.k))
                        ELSE t.name END"""
            ),
            # 'P' + the smallest partial id of the matching, or the full reconciliation's id
            "matching_number": SQL(
                """CASE WHEN t.matching_number ~ '^P[0-9]+$'
                        THEN 'P' || (substr(t.matching_number, 2)::int + k * %(partial)s)
                        WHEN t.matching_number ~ '^[0-9]+$'
                        THEN (t.matching_number::int + k * %(full)s)::text
                        ELSE t.matching_number END""",
                partial=offsets["account_partial_reconcile"],
                full=offsets["account_full_reconcile"],
            ),
        },
    )
    inserted["account_partial_reconcile"] = _insert(
        env, "account_partial_reconcile", offsets, foreign_keys, factor
    )

    for relation in RELATIONS:
        columns = _columns(env, relation)
        if not columns:
            continue
        copied = [(c, foreign_keys[relation, c]) for c in columns if (relation, c) in foreign_keys]
        where = SQL(" AND ").join(
            SQL("t.%s IN (SELECT id FROM %s)", SQL.identifier(c), SQL.identifier(f"rcm_scale_{target}"))
            for c, target in copied
        )
        inserted[relation] = _insert(env, relation, offsets, foreign_keys, factor, where=where)

    for statement in restore:
        env.cr.execute(statement)
    for table in TABLES:
        env.cr.execute(
            SQL(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM %s))",
                table,
                SQL.identifier(table),
            )
        )
    env.invalidate_all()
    return sources, inserted


def check(env):
    """``(items whose residual is not their balance minus their partial reconciliations, items whose
    reconciled flag disagrees with it)`` over every posted receivable item of the database.

    As Odoo's ``_compute_amount_residual``: residual = balance - partials where the item is the debit
    side + partials where it is the credit side (in company currency, and in the item's currency), and
    ``reconciled`` is true exactly when both residuals are zero. A fully matched item in an open
    matching (a payment used up on an invoice still partly open) is reconciled without a full
    reconciliation, as in Odoo; an item in a full reconciliation must be reconciled."""
    from odoo.tools import SQL

    return env.execute_query(
        SQL(
            """
            WITH parts AS (
                SELECT debit_move_id AS line_id, amount, debit_amount_currency AS amount_currency
                  FROM account_partial_reconcile
                UNION ALL
                SELECT credit_move_id, -amount, -credit_amount_currency FROM account_partial_reconcile
            ), applied AS (
                SELECT line_id, SUM(amount) AS amount, SUM(amount_currency) AS amount_currency
                  FROM parts GROUP BY line_id
            ), items AS (
                SELECT aml.amount_residual, aml.amount_residual_currency, aml.reconciled,
                       aml.full_reconcile_id,
                       round(aml.balance - COALESCE(applied.amount, 0), comp.decimal_places) AS residual,
                       round(aml.amount_currency - COALESCE(applied.amount_currency, 0), cur.decimal_places)
                           AS residual_currency,
                       comp.decimal_places AS comp_places, cur.decimal_places AS cur_places
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                  JOIN res_currency comp ON comp.id = aml.company_currency_id
                  JOIN res_currency cur ON cur.id = COALESCE(aml.currency_id, aml.company_currency_id)
                  LEFT JOIN applied ON applied.line_id = aml.id
                 WHERE acc.account_type = 'asset_receivable' AND aml.parent_state = 'posted'
            )
            SELECT COUNT(*) FILTER (
                       WHERE round(amount_residual, comp_places) != residual
                          OR round(amount_residual_currency, cur_places) != residual_currency),
                   COUNT(*) FILTER (
                       WHERE reconciled != (residual = 0 AND residual_currency = 0)
                          OR (full_reconcile_id IS NOT NULL AND NOT reconciled))
              FROM items
            """
        )
    )[0]


def follow_ledger(env):
    """What the crons of a live desk do after accounting: process the pending ledger changes, then
    the backbone's full refresh (rows, risk and cases of every customer)."""
    if "rcm.ledger.change" in env:
        while env["rcm.ledger.change"]._rcm_process_pending(limit=2000)[0]:
            pass
    if "rcm.partner.receivable" in env:
        env["rcm.partner.receivable"]._refresh()
    env.flush_all()


def main():
    def add_arguments(parser):
        parser.add_argument("--factor", type=int, default=0, help="copies to add (99: 100 times the ledger)")
        parser.add_argument("--check-only", action="store_true", help="only check the ledger's consistency")
        parser.add_argument(
            "--follow",
            action="store_true",
            help="then let RCM follow the ledger (backbone, cases) and commit",
        )

    args = benchlib.parse_args(__doc__, add_arguments)
    registry = benchlib.load_registry(args)
    from odoo import api
    from odoo.tools import SQL

    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        if not args.check_only:
            if args.factor < 1:
                raise SystemExit("--factor must be at least 1")
            start = time.perf_counter()
            sources, inserted = scale(env, args.factor)
            elapsed = time.perf_counter() - start
            print(f"source ledger: {', '.join(f'{n} {t}' for t, n in sources.items())}")
            copied = ", ".join(f"{n} {t}" for t, n in inserted.items())
            print(f"copied x{args.factor} in {elapsed:.1f} s: {copied}")
            benchlib.record(
                "benchmark ledger: copies inserted (scale_ledger.py)",
                elapsed,
                note=f"factor {args.factor}: {inserted['account_move']} moves, "
                f"{inserted['account_move_line']} items",
            )
        start = time.perf_counter()
        residual_mismatch, reconciled_unmatched = check(env)
        print(
            f"consistency ({time.perf_counter() - start:.1f} s): {residual_mismatch} receivable items whose "
            f"residual is not balance - partials, {reconciled_unmatched} whose reconciled flag disagrees "
            "with that residual (or in a full reconcile and not reconciled)"
        )
        benchlib.record(
            "benchmark ledger: receivable items inconsistent (residual, reconciled flag)",
            residual_mismatch + reconciled_unmatched,
            unit="count",
            note=f"{residual_mismatch} residuals, {reconciled_unmatched} flags",
        )
        if residual_mismatch or reconciled_unmatched:
            cr.rollback()
            print("inconsistent ledger: rolled back" if not args.check_only else "inconsistent ledger")
            sys.exit(1)
        if args.check_only:
            return
        cr.commit()
        start = time.perf_counter()
        for table in TABLES + RELATIONS:
            cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        cr.commit()
        print(f"analyzed in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        if args.follow:
            follow_ledger(env)
            cr.commit()
        ((customers, invoices),) = env.execute_query(
            SQL(
                """
                SELECT (SELECT COUNT(*) FROM res_partner WHERE is_company),
                       (SELECT COUNT(*) FROM account_move
                         WHERE move_type IN ('out_invoice', 'out_refund') AND state = 'posted')
                """
            )
        )
        followed = f"RCM followed the ledger in {time.perf_counter() - start:.1f} s; " if args.follow else ""
        print(f"{followed}now {customers} customer companies, {invoices} posted invoices/credit notes")


if __name__ == "__main__":
    main()
