#!/usr/bin/env python3
# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of a dunning run on a big ledger, side by side with OCA account_credit_control when that
addon is installed in the database (prints figures; it is not a test).

    python tests/bench/bench_dunning.py -c ODOO_CONF -d DB [--repeat 3] [--sample 100]
        [--only rcm|oca] [--temp cold|warm] [--note TEXT] [--skip-oca-communications]

Build the database with ``setup/bench.sh --oca`` (the ledger of setup/bench.sh with OCA's addons
installed in a copy). Measured, each in its own transaction rolled back at the end (not in savepoints:
inserting tens of thousands of rows in a subtransaction is several times slower for both):

* RCM: the candidate selection (one SQL statement), then the run itself: select the customers, decide
  each one's level, create one communication per customer with its item lines (the work OCA's "run"
  does), then a same-day rerun (must create nothing);
* OCA: ``credit.control.run.generate_credit_lines`` with its shipped "3 time policy" on the same
  receivable account (what its run does: one credit control line per overdue item and level);
* delivery, apart, on ``--sample`` customers for both: rendering and queueing the emails (the per-email
  cost does not depend on the ledger size; OCA's template attaches a PDF summary rendered per email).

``--only rcm`` / ``--only oca`` measures one side; ``--temp cold|warm`` labels the figures recorded
(``benchlib.record``): setup/bench.sh runs each side once right after a PostgreSQL restart (cold,
``--repeat 1``) and then again (warm: best of the repeats), on the same database. A communication's items
are counted with its stored ``item_count``.
"""

import statistics
import time

from benchlib import load_registry, parse_args, record, timed

RUN_MEASURE = "dunning run (RCM: select, levels, communications; OCA: generate_credit_lines)"
DELIVERY_MEASURE = "dunning email delivery, per customer (bench_dunning sample)"


def main():

    def add_arguments(parser):
        parser.add_argument("--sample", type=int, default=100, help="customers whose emails are rendered")
        parser.add_argument("--skip-oca", action="store_true", help="only RCM, even if OCA's addon is there")
        parser.add_argument("--only", choices=("rcm", "oca"), help="measure only RCM's or only OCA's side")
        parser.add_argument("--temp", choices=("cold", "warm"), default="warm", help="label of the figures")
        parser.add_argument("--note", default="", help="conditions recorded with the figures")
        parser.add_argument(
            "--skip-oca-communications",
            action="store_true",
            help="do not build OCA's communications for every line (about 8 minutes on the 200k ledger)",
        )

    args = parse_args(__doc__, add_arguments)
    registry = load_registry(args)
    from odoo import Command, api, fields
    from odoo.tools import SQL

    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        company = env.company
        today = fields.Date.context_today(env.user)
        ((customers, invoices, overdue_items),) = env.execute_query(
            SQL(
                """
                SELECT (SELECT COUNT(*) FROM res_partner WHERE is_company),
                       (SELECT COUNT(*) FROM account_move WHERE move_type IN ('out_invoice', 'out_refund')
                           AND state = 'posted'),
                       (SELECT COUNT(*) FROM account_move_line aml
                          JOIN account_account acc ON acc.id = aml.account_id
                         WHERE acc.account_type = 'asset_receivable' AND aml.parent_state = 'posted'
                           AND NOT aml.reconciled AND aml.amount_residual > 0
                           AND aml.date_maturity < %s)
                """,
                today,
            )
        )
        print(
            f"ledger: {customers} customer companies, {invoices} posted invoices/credit notes, "
            f"{overdue_items} overdue receivable items as of {today}"
        )

        temp, note = args.temp, args.note
        repeats = "first run" if args.repeat == 1 else f"best of {args.repeat}"
        run_note = f"{repeats}; {note}" if note else repeats
        rcm_best = rcm_per_customer = created = None
        if args.only != "oca":
            rcm_best, rcm_per_customer, created = rcm_side(env, args, company, today, temp, run_note)
        if args.only == "rcm":
            cr.rollback()
            return

        # ---------------------------------------------------------------- OCA
        oca = env["ir.module.module"].search(
            [("name", "=", "account_credit_control"), ("state", "=", "installed")]
        )
        if args.skip_oca or not oca:
            print("OCA account_credit_control is not installed here: no comparison (setup/bench.sh --oca)")
            cr.rollback()
            return
        try:
            oca_policy = env.ref("account_credit_control.credit_control_3_time")
            receivables = env["account.account"].search(
                [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.ids)]
            )
            oca_policy.write({"account_ids": [Command.set(receivables.ids)], "company_id": company.id})
            company.credit_policy_id = oca_policy
            env.flush_all()
            print(f"OCA policy: {oca_policy.name} ({len(oca_policy.level_ids)} levels)")
            run = env["credit.control.run"].create(
                {"date": today, "policy_ids": [Command.set(oca_policy.ids)]}
            )
            start = time.perf_counter()
            run.generate_credit_lines()
            env.flush_all()
            oca_elapsed = time.perf_counter() - start
            oca_lines = run.line_ids
            oca_partners = oca_lines.partner_id.commercial_partner_id
            print(
                f"OCA run (generate_credit_lines): {oca_elapsed:.2f} s -> {len(oca_lines)} credit "
                f"control lines for {len(oca_partners)} customers"
            )
            record(
                RUN_MEASURE,
                None,
                oca_elapsed,
                temp=temp,
                note=f"OCA: {len(oca_lines)} credit control lines, {len(oca_partners)} customers; "
                f"{note or 'run once'}",
            )
            if rcm_best:
                print(f"run speed-up RCM vs OCA's run: {oca_elapsed / rcm_best:.1f}x")
            # like for like: OCA's run leaves credit control lines; its communications (one per customer
            # and level, what RCM's run leaves) are built when the lines are sent
            if args.skip_oca_communications:
                print("OCA communications for every line: skipped (--skip-oca-communications)")
            else:
                start = time.perf_counter()
                all_comms = env["credit.control.communication"]._generate_comm_from_credit_lines(oca_lines)
                env.flush_all()
                comms_elapsed = time.perf_counter() - start
                oca_full = oca_elapsed + comms_elapsed
                print(
                    f"OCA communications for all those lines (_generate_comm_from_credit_lines): "
                    f"{comms_elapsed:.2f} s -> {len(all_comms)} communications; run + communications "
                    f"{oca_full:.2f} s" + (f", {oca_full / rcm_best:.1f}x RCM's run" if rcm_best else "")
                )
                record(
                    "OCA run + its communications for every line",
                    None,
                    oca_full,
                    temp=temp,
                    note=f"{len(all_comms)} OCA communications (RCM's run creates its own)",
                )
            if not args.sample:
                return

            sample_partners = oca_partners[: args.sample]
            sample_lines = oca_lines.filtered(
                lambda line: (
                    line.partner_id.commercial_partner_id in sample_partners and line.channel == "email"
                )
            )
            start = time.perf_counter()
            sample_lines.write({"state": "to_be_sent"})
            comms = env["credit.control.communication"]._generate_comm_from_credit_lines(sample_lines)
            comms._generate_emails()
            env.flush_all()
            elapsed = time.perf_counter() - start
            oca_per_customer = elapsed / max(len(sample_partners), 1)
            print(
                f"OCA delivery on {len(sample_partners)} customers ({len(comms)} communications): "
                f"{elapsed:.2f} s ({oca_per_customer * 1000:.0f} ms per customer)"
            )
            record(
                DELIVERY_MEASURE,
                None,
                oca_per_customer * 1000,
                unit="ms",
                temp=temp,
                note=f"OCA: {len(sample_partners)} customers, PDF summary attached per email",
            )
            if rcm_best is None or rcm_per_customer is None:
                return
            rcm_total = rcm_best + rcm_per_customer * created
            oca_total = oca_elapsed + oca_per_customer * len(oca_partners)
            print(
                f"whole run with delivery to every customer (run + per-customer cost x customers): "
                f"RCM {rcm_total:.0f} s for {created} customers, OCA {oca_total:.0f} s for "
                f"{len(oca_partners)} customers ({oca_total / rcm_total:.1f}x)"
            )
        finally:
            cr.rollback()
        cr.rollback()


def rcm_side(env, args, company, today, temp, run_note):
    """Time RCM's candidate selection, run, same-day rerun and delivery on a sample; record them and
    return the best run time."""
    cr = env.cr
    # ---------------------------------------------------------------- RCM
    run_model = env["rcm.dunning.run"]
    communication_model = env["rcm.dunning.communication"]
    policy = env["rcm.dunning.policy"].search([("company_id", "=", company.id), ("is_default", "=", True)])
    print(f"RCM policy: {policy.name} ({len(policy.level_ids)} levels)")

    comm_class = type(communication_model)
    original_send = comm_class._send

    def rcm_run(send):
        if not send:
            comm_class._send = lambda self: None
        try:
            start = time.perf_counter()
            run = run_model.create({"company_id": company.id, "date": today, "state": "running"})
            run._process(commit=False)
            env.flush_all()
            elapsed = time.perf_counter() - start
            # items counted with the stored item_count (however a communication stores its items)
            ((created, lines),) = communication_model._read_group(
                [("run_id", "=", run.id)], [], ["__count", "item_count:sum"]
            )
            start = time.perf_counter()
            rerun = run_model.create({"company_id": company.id, "date": today, "state": "running"})
            rerun._process(commit=False)
            env.flush_all()
            rerun_elapsed = time.perf_counter() - start
            again = communication_model.search_count([("run_id", "=", rerun.id)])
        finally:
            comm_class._send = original_send
            cr.rollback()
            env.invalidate_all()
        return elapsed, created, lines, rerun_elapsed, again

    runs = [rcm_run(False) for _i in range(args.repeat)]
    rcm_best = min(r[0] for r in runs)
    # (each repeat rolls back ~50k inserted rows: the dead rows slow the next ones down until vacuum)
    print(f"RCM run, each repeat: {', '.join(f'{r[0]:.2f} s' for r in runs)}")
    _elapsed, created, lines, _rerun, again = runs[0]
    print(
        f"RCM run (select, levels, {created} communications with {lines} items; sending apart): "
        f"best {rcm_best:.2f} s, median {statistics.median(r[0] for r in runs):.2f} s"
    )
    print(
        f"RCM same-day rerun: best {min(r[3] for r in runs):.2f} s, {again} communications created "
        "(idempotent)"
    )
    record(
        RUN_MEASURE,
        rcm_best,
        temp=temp,
        note=f"RCM: {created} communications, {lines} items; {run_note}",
    )
    record(
        "dunning same-day rerun", min(r[3] for r in runs), temp=temp, note=f"{again} communications created"
    )
    # the selection alone, after the run (a cold run is the first thing measured after the restart)
    best, median, candidates = timed(lambda: run_model._compute_candidates(company, today), args.repeat)
    items = sum(len(row["items"]) for row in candidates)
    record("dunning candidate selection", best, temp=temp, note=f"{len(candidates)} customers, after the run")
    print(
        f"RCM candidate selection (one SQL statement): best {best:.3f} s, median {median:.3f} s "
        f"-> {len(candidates)} customers to dun, {items} items"
    )
    if not args.sample:
        return rcm_best, None, created

    # delivery on a sample: the real _send (email rendered and queued, letter if the level has one)
    try:
        sample = candidates[: args.sample]
        run = run_model.create({"company_id": company.id, "date": today, "state": "running"})
        start = time.perf_counter()
        run._process(commit=False, candidates=sample)
        env.flush_all()
        elapsed = time.perf_counter() - start
        sent = communication_model.search([("run_id", "=", run.id)])
        states = {
            state: len(sent.filtered(lambda c, s=state: c.state == s)) for state in set(sent.mapped("state"))
        }
        rcm_per_customer = elapsed / max(len(sample), 1)
        print(
            f"RCM delivery on {len(sample)} customers: {elapsed:.2f} s "
            f"({rcm_per_customer * 1000:.0f} ms per customer), states {states}"
        )
        record(
            DELIVERY_MEASURE,
            rcm_per_customer * 1000,
            unit="ms",
            temp=temp,
            note=f"{len(sample)} customers (bench_dunning sample)",
        )
    finally:
        cr.rollback()
        env.invalidate_all()

    return rcm_best, rcm_per_customer, created


if __name__ == "__main__":
    main()
