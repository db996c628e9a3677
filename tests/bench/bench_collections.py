#!/usr/bin/env python3
# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the collections desk on a big ledger (prints figures; it is not a test).

    python tests/bench/bench_collections.py -c ODOO_CONF -d DB [--repeat 3]

Measures, on the database as it is (build it with setup/bench.sh):
  * full backbone recompute (all customers, one SQL statement per company), first and steady state;
  * the strategy cron (advance every open case one step when due);
  * "My queue": the collector's list view read (search_read of the first 80 cases by priority).
Nothing is committed: every measure runs in a transaction that is rolled back. Every figure is recorded
with ``benchlib.record``.
"""

import statistics
import time

from benchlib import load_registry, parse_args, record, timed


def main():
    args = parse_args(__doc__)
    registry = load_registry(args)
    from odoo import api, fields
    from odoo.tools import SQL

    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        ((customers, invoices, lines),) = env.execute_query(
            SQL(
                """
                SELECT (SELECT COUNT(*) FROM res_partner WHERE is_company),
                       (SELECT COUNT(*) FROM account_move WHERE move_type IN ('out_invoice', 'out_refund')
                           AND state = 'posted'),
                       (SELECT COUNT(*) FROM account_move_line)
                """
            )
        )
        print(
            f"ledger: {customers} customer companies, {invoices} posted invoices/credit notes, "
            f"{lines} journal items"
        )
        receivable = env["rcm.partner.receivable"]
        case_model = env["rcm.collection.case"]

        start = time.perf_counter()
        receivable._refresh()
        first = time.perf_counter() - start
        rows = receivable.search_count([])
        cases = case_model.search_count([("state", "!=", "resolved")])
        print(
            f"backbone first full refresh (creates rows and cases): {first:.2f} s "
            f"-> {rows} rows, {cases} open cases"
        )
        record(
            "backbone first full refresh (creates rows and cases)", first, note=f"{rows} rows, {cases} cases"
        )

        best, median, changed = timed(lambda: receivable._refresh(), args.repeat)
        print(
            f"backbone full recompute, steady state: best {best:.3f} s, median {median:.3f} s "
            f"({len(changed)} rows changed)"
        )
        record("backbone full recompute, steady state", best, note=f"best of {args.repeat}")

        def backbone_sql_only():
            company = env.company
            return env.execute_query(receivable._get_backbone_query(company))

        best, median, result = timed(backbone_sql_only, args.repeat)
        print(
            f"backbone query alone (company {env.company.name}): best {best:.3f} s, "
            f"median {median:.3f} s, {len(result)} rows"
        )

        # Strategy cron. Its cost has two parts: the engine (select candidates, decide which step is due,
        # write steps) over every open case, and the actions of the due steps (rendering and queueing an
        # email costs the same on any ledger size). Measured apart; each repeat is rolled back.
        step_class = type(env["rcm.collection.strategy.step"])

        def strategy_run(execute):
            cr.execute("SAVEPOINT bench_strategy")
            original = step_class._execute
            if not execute:
                step_class._execute = lambda self, cases, today=None: None
            try:
                start = time.perf_counter()
                if execute:
                    cases = case_model.search(
                        case_model._get_advance_domain(fields.Date.today()), limit=execute
                    )
                    advanced = case_model._advance_cases(cases=cases)
                else:
                    advanced = case_model._advance_cases()
                env.flush_all()
                elapsed = time.perf_counter() - start
            finally:
                step_class._execute = original
                cr.execute("ROLLBACK TO SAVEPOINT bench_strategy")
                env.invalidate_all()
            return elapsed, len(advanced)

        runs = [strategy_run(False) for _i in range(args.repeat)]
        print(
            f"strategy cron engine over all {cases} open cases (actions stubbed): "
            f"best {min(r[0] for r in runs):.2f} s, median {statistics.median(r[0] for r in runs):.2f} s "
            f"({runs[0][1]} cases due a step)"
        )
        record(
            "strategy cron engine, all open cases (actions stubbed)",
            min(r[0] for r in runs),
            note=f"{cases} cases, best of {args.repeat}",
        )
        elapsed, advanced = strategy_run(200)
        per_case = elapsed / advanced * 1000 if advanced else 0.0
        print(
            f"strategy cron with real actions on 200 candidate cases: {elapsed:.2f} s "
            f"({advanced} steps carried out, {per_case:.0f} ms per step incl. email rendering)"
        )
        record("strategy step with its action, per case", per_case, unit="ms", note=f"{advanced} steps")

        # My queue: a collector owning one case in five (the benchmark ledger has no assignment rules)
        user = env["res.users"].search([("login", "=", "rcm.bench.collector")]) or env["res.users"].create(
            {
                "login": "rcm.bench.collector",
                "name": "Bench Collector",
                "group_ids": [(4, env.ref("rcm_collections.group_rcm_collector").id)],
            }
        )
        env.flush_all()
        env.execute_query(
            SQL(
                "UPDATE rcm_collection_case SET user_id = %s WHERE state != 'resolved' AND id %% 5 = 0",
                user.id,
            )
        )
        env.invalidate_all()
        queue = case_model.with_user(user).with_context(uid=user.id)
        fields_list = [
            "name",
            "partner_id",
            "user_id",
            "state",
            "priority_score",
            "collectible_overdue",
            "total_overdue",
            "oldest_overdue_days",
            "risk_class",
            "next_action_date",
            "deviation",
        ]

        def read_queue():
            env.invalidate_all()
            return queue.search_read(
                [("user_id", "=", user.id), ("state", "!=", "resolved")], fields_list, limit=80
            )

        best, median, records = timed(read_queue, max(args.repeat, 5))
        count = queue.search_count([("user_id", "=", user.id), ("state", "!=", "resolved")])
        print(
            f"My queue read for {user.login} ({count} cases, first {len(records)}): "
            f"best {best * 1000:.0f} ms, median {median * 1000:.0f} ms"
        )
        record("My Queue read (80 cases)", best * 1000, unit="ms", note=f"{count} cases of the collector")
        cr.rollback()


if __name__ == "__main__":
    main()
