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
  report) on the same receivable accounts, and checks that both agree to the cent on every bucket of
  every customer (OCA files an item without due date under "current": the check moves those items the
  same way); it prints the number of customers that differ (must be 0) and both totals;

then the dashboard's single RPC (``rcm.dashboard.get_dashboard_data``). Nothing is committed. Every
figure is recorded with ``benchlib.record`` (warm: best of ``--repeat`` for RCM, OCA once).
"""

from datetime import timedelta

from benchlib import load_registry, parse_args, record, timed

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
                record(f"aging by customer, {label} (export path)", best, note=f"best of {args.repeat}")
                record(f"aging pivot read, {label}", best_p, note=f"best of {args.repeat}")
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
            record(
                f"aging by customer, {label} (RCM export path vs OCA aged partner balance)",
                best,
                best_o,
                note=f"RCM best of {args.repeat}, OCA once",
            )
            record(f"aging pivot read, {label} (vs OCA aged partner balance)", best_p, best_o)
            mismatches, oca_totals, ours_buckets, undated = compare(aging, limits, ours, values, view)
            agree = all(round(a, 2) == round(b, 2) for a, b in zip(oca_totals, ours_buckets, strict=True))
            print(
                f"  totals per bucket  OCA {[round(v, 2) for v in oca_totals]}\n"
                f"                     RCM {[round(v, 2) for v in ours_buckets]}  "
                f"{'agree to the cent' if agree else 'DIFFER'} "
                f"({undated} items without due date moved to current)\n"
                f"  customers whose buckets differ from OCA's: {mismatches}"
            )
            record(f"aging {label}: customers differing from OCA (to the cent)", mismatches, unit="count")
            record(
                f"aging {label}: total due",
                round(sum(ours_buckets), 2),
                round(sum(oca_totals), 2),
                unit="amount",
                note="agree to the cent per bucket" if agree else "totals per bucket DIFFER",
            )

        dashboard = env["rcm.dashboard"]

        def load():
            env.invalidate_all()
            return dashboard.get_dashboard_data()

        best, median, _data = timed(load, args.repeat)
        print(f"RCM manager dashboard (one RPC): best {best:.2f} s, median {median:.2f} s")
        record("manager dashboard (one RPC)", best, note=f"best of {args.repeat}")
        cr.rollback()


def compare(aging, limits, ours, values, view):
    """``(customers whose buckets differ, OCA's totals per bucket, RCM's, items without due date)``.

    Customers are matched by name (OCA's rows carry the partner's name only); a customer on one side
    only counts as zero on the other. Items without due date are moved to RCM's first bucket, as OCA
    files them."""
    size = len(OCA_BUCKETS)
    oca_rows = {}
    for account in values["aged_partner_balance"]:
        for partner in account["partners"]:
            buckets = oca_rows.setdefault(partner["name"], [0.0] * size)
            for index, key in enumerate(OCA_BUCKETS):
                buckets[index] += partner[key]
    rcm_rows = {row["name"]: list(row["buckets"]) for row in ours["rows"]}
    names = {row["key"]: row["name"] for row in ours["rows"]}
    undated = view.search_read(
        [("move_line_id.date_maturity", "=", False)], ["partner_id", "amount_residual", "days_overdue"]
    )
    for row in undated:
        buckets = rcm_rows.setdefault(
            names.get(row["partner_id"] and row["partner_id"][0]) or row["partner_id"][1], [0.0] * size
        )
        index = aging.bucket_index(row["days_overdue"], limits)
        buckets[index] -= row["amount_residual"]
        buckets[0] += row["amount_residual"]
    zero = [0.0] * size
    mismatches = sum(
        1
        for name in set(oca_rows) | set(rcm_rows)
        if any(
            round(a, 2) != round(b, 2)
            for a, b in zip(oca_rows.get(name, zero), rcm_rows.get(name, zero), strict=True)
        )
    )
    oca_totals = [sum(b[i] for b in oca_rows.values()) for i in range(size)]
    ours_buckets = [sum(b[i] for b in rcm_rows.values()) for i in range(size)]
    return mismatches, oca_totals, ours_buckets, len(undated)


if __name__ == "__main__":
    main()
