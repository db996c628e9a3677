#!/usr/bin/env python3
# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the aging and the manager dashboard on a big ledger, side by side with OCA
account_financial_report's aged partner balance when that addon is installed (prints figures; it is
not a test).

    python tests/bench/bench_reports.py -c ODOO_CONF -d DB [--repeat 3]

Build the database with ``setup/bench.sh --oca``. For today and 90 days ago it times:

* RCM ``rcm.aging.report._compute_aging`` by customer (what the PDF/XLSX export and the wizard use),
  and the pivot's read (``formatted_read_group`` of the SQL view by customer, as of that date);
* OCA's aged partner balance (wizard data + ``_get_report_values``, the work behind its HTML/PDF/XLSX
  report) on the same receivable accounts, and checks that both totals per bucket agree to the cent
  (OCA files an item without due date under "current": the check moves those items the same way);

then the dashboard's single RPC (``rcm.dashboard.get_dashboard_data``). Nothing is committed.
"""

from datetime import timedelta

from benchlib import load_registry, parse_args, timed

OCA_BUCKETS = ("current", "30_days", "60_days", "90_days", "120_days", "older")


def main():
    args = parse_args(__doc__)
    registry = load_registry(args)
    from odoo import Command, api, fields
    from odoo.tools import SQL

    from odoo.addons.rcm_collections.services import aging

    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        company = env.company
        today = fields.Date.context_today(env.user)
        ((items,),) = env.execute_query(
            SQL(
                """
                SELECT COUNT(*) FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE acc.account_type = 'asset_receivable' AND aml.parent_state = 'posted'
                   AND aml.company_id = %s
                """,
                company.id,
            )
        )
        print(f"ledger: {items} posted receivable journal items in {company.name}")
        aging_model = env["rcm.aging.report"]
        limits = aging.DEFAULT_LIMITS  # OCA's fixed buckets (30/60/90/120 days), to compare like with like
        oca = env["ir.module.module"].search(
            [("name", "=", "account_financial_report"), ("state", "=", "installed")]
        )
        receivables = env["account.account"].search(
            [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.ids)]
        )

        for label, as_of in (("today", today), ("90 days ago", today - timedelta(days=90))):
            best, median, ours = timed(
                lambda d=as_of: aging_model._compute_aging(d, company, limits, "partner"), args.repeat
            )
            print(
                f"RCM aging {label} ({as_of}) by customer: best {best:.2f} s, median {median:.2f} s "
                f"({len(ours['rows'])} customers, total {ours['totals']['total']:,.2f})"
            )
            view = aging_model.with_context(rcm_aging_as_of=fields.Date.to_string(as_of))

            def pivot(view=view):
                env.invalidate_all()
                return view.formatted_read_group(
                    [], ["partner_id"], ["amount_residual:sum"], order="partner_id", limit=80
                )

            best_p, median_p, _groups = timed(pivot, args.repeat)
            print(f"RCM aging {label}, pivot read by customer: best {best_p:.2f} s, median {median_p:.2f} s")
            if not oca:
                continue

            def oca_aged(d=as_of):
                wizard = env["aged.partner.balance.report.wizard"].create(
                    {
                        "date_at": d,
                        "company_id": company.id,
                        "account_ids": [Command.set(receivables.ids)],
                        "target_move": "posted",
                    }
                )
                data = wizard._prepare_report_data()
                data["date_at"] = fields.Date.to_string(d)  # as the report action passes it (JSON)
                report = env["report.account_financial_report.aged_partner_balance"]
                return report._get_report_values(wizard.ids, data)

            best_o, _median_o, values = timed(oca_aged, 1)  # once: it takes long
            print(
                f"OCA aged partner balance {label}: {best_o:.2f} s "
                f"-> RCM is {best_o / best:.0f}x faster (export path), {best_o / best_p:.0f}x (pivot)"
            )
            oca_totals = [0.0] * len(OCA_BUCKETS)
            for account in values["aged_partner_balance"]:
                for index, key in enumerate(OCA_BUCKETS):
                    oca_totals[index] += account[key]
            # items without due date: OCA puts them in "current", RCM ages them from their date
            ours_buckets = list(ours["totals"]["buckets"])
            undated = view.search_read(
                [("move_line_id.date_maturity", "=", False)], ["amount_residual", "days_overdue"]
            )
            for row in undated:
                index = aging.bucket_index(row["days_overdue"], limits)
                ours_buckets[index] -= row["amount_residual"]
                ours_buckets[0] += row["amount_residual"]
            agree = all(round(a, 2) == round(b, 2) for a, b in zip(oca_totals, ours_buckets, strict=True))
            print(
                f"  totals per bucket  OCA {[round(v, 2) for v in oca_totals]}\n"
                f"                     RCM {[round(v, 2) for v in ours_buckets]}  "
                f"{'agree to the cent' if agree else 'DIFFER'} "
                f"({len(undated)} items without due date moved to current)"
            )

        dashboard = env["rcm.dashboard"]

        def load():
            env.invalidate_all()
            return dashboard.get_dashboard_data()

        best, median, _data = timed(load, args.repeat)
        print(f"RCM manager dashboard (one RPC): best {best:.2f} s, median {median:.2f} s")
        cr.rollback()


if __name__ == "__main__":
    main()
