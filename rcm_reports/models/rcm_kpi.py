# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Collection KPIs by month, company, collection team or collector.

The inputs of the formulas of ``services.kpi`` are computed set-based, in four SQL statements
whatever the number of months and groups:

1. receivable balances and net credit sales per month (cumulated for the balances at month ends);
2. the part of the receivable not yet due at each period end (residual as of that day);
3. days to pay of the invoice payments applied, promises closed and disputes/deductions closed;

then each KPI is one call of the pure formula. A customer belongs to the collector and team of its
open (else latest) collection case; customers without case form the *Unassigned* group. Periods are
calendar months (``period="month"``) or the whole range (``period="range"``); the range is widened to
whole months.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..services import kpi as kpi_service

GROUPBYS = ("company", "team", "collector")
SALES_TYPES = ("out_invoice", "out_refund", "out_receipt")
COUNTBACK_MONTHS = 12


class RcmKpi(models.AbstractModel):
    _name = "rcm.kpi"
    _description = "Collection KPIs"

    # ------------------------------------------------------------------
    # SQL building blocks
    # ------------------------------------------------------------------
    @api.model
    def _get_partner_group_sql(self, company_ids):
        """SQL of (partner_id, company_id, user_id, team_id): each customer's open, else latest, case."""
        return SQL(
            """
            SELECT DISTINCT ON (c.partner_id, c.company_id) c.partner_id, c.company_id, c.user_id, c.team_id
              FROM rcm_collection_case c
             WHERE c.company_id = ANY(%s)
             ORDER BY c.partner_id, c.company_id, (c.state = 'resolved'), c.id DESC
            """,
            list(company_ids),
        )

    @api.model
    def _get_group_sql(self, groupby, company_alias="x.company_id"):
        """SQL expression of the group key (``pg`` is the partner-group join)."""
        if groupby == "company":
            return SQL(company_alias)
        if groupby == "team":
            return SQL("pg.team_id")
        if groupby == "collector":
            return SQL("pg.user_id")
        raise UserError(self.env._("Unknown KPI grouping %s.", groupby))

    @staticmethod
    def _month_start(day):
        return day.replace(day=1)

    @api.model
    def _get_periods(self, date_from, date_to, period):
        """``[(start, end)]`` of the months covering ``date_from .. date_to``; the last one ends on
        ``date_to``: a month not over yet is measured *to date* (its days are the days elapsed), never as a
        whole month whose sales are not all there yet (which gave a DSO of thousands of days on the 1st)."""
        start = self._month_start(fields.Date.to_date(date_from))
        last = fields.Date.to_date(date_to)
        if start > last:
            raise UserError(self.env._("The KPI period ends before it starts."))
        if period == "range":
            return [(start, last)]
        periods = []
        month = start
        while month <= last:
            periods.append((month, min(month + relativedelta(months=1, days=-1), last)))
            month += relativedelta(months=1)
        return periods

    # ------------------------------------------------------------------
    # Inputs
    # ------------------------------------------------------------------
    @api.model
    def _get_monthly_ledger(self, company_ids, groupby, first_month, last_day):
        """{(company, group): {month: (balance, credit_sales)}}: receivable balance moves and net credit
        sales per month from ``first_month`` on; everything before is folded into the month before."""
        before = first_month - relativedelta(months=1)
        rows = self.env.execute_query(
            SQL(
                """
                WITH pg AS (%(pg)s)
                SELECT x.company_id, %(group)s AS grp,
                       CASE WHEN x.date < %(first)s THEN %(before)s::date
                            ELSE date_trunc('month', x.date)::date END AS month,
                       SUM(x.balance),
                       SUM(x.balance) FILTER (WHERE m.move_type IN %(sales)s)
                  FROM account_move_line x
                  JOIN account_account acc ON acc.id = x.account_id
                  JOIN account_move m ON m.id = x.move_id
                  LEFT JOIN res_partner p ON p.id = x.partner_id
                  LEFT JOIN pg ON pg.partner_id = p.commercial_partner_id AND pg.company_id = x.company_id
                 WHERE x.company_id = ANY(%(companies)s)
                   AND acc.account_type = 'asset_receivable'
                   AND x.parent_state = 'posted'
                   AND x.date <= %(last)s
                 GROUP BY 1, 2, 3
                """,
                pg=self._get_partner_group_sql(company_ids),
                group=self._get_group_sql(groupby),
                first=first_month,
                before=before,
                sales=SALES_TYPES,
                companies=list(company_ids),
                last=last_day,
            )
        )
        ledger = {}
        for company_id, group, month, balance, sales in rows:
            ledger.setdefault((company_id, group), {})[month] = (float(balance or 0.0), float(sales or 0.0))
        return ledger

    @api.model
    def _get_current_at(self, company_ids, groupby, ends):
        """{(end, company, group): amount}: residual as of each date of ``ends`` of the items not yet due
        on that date (due date on or after it), partial reconciliations counted up to that date."""
        ends = sorted(ends)
        rows = self.env.execute_query(
            SQL(
                """
                WITH pg AS (%(pg)s),
                ends AS (SELECT unnest(%(ends)s::date[]) AS d),
                pairs AS MATERIALIZED (
                    -- (end, item) for every item open and not yet due on that end
                    SELECT e.d, x.id, x.company_id, %(group)s AS grp, x.balance
                      FROM account_move_line x
                      JOIN account_account acc ON acc.id = x.account_id
                      JOIN ends e ON x.date <= e.d AND COALESCE(x.date_maturity, x.date) >= e.d
                      LEFT JOIN res_partner p ON p.id = x.partner_id
                      LEFT JOIN pg ON pg.partner_id = p.commercial_partner_id AND pg.company_id = x.company_id
                     WHERE x.company_id = ANY(%(companies)s)
                       AND acc.account_type = 'asset_receivable'
                       AND x.parent_state = 'posted'
                       AND x.date <= %(last)s
                       AND COALESCE(x.date_maturity, x.date) >= %(first)s
                ),
                amounts AS (
                    SELECT d, company_id, grp, balance AS amount FROM pairs
                    UNION ALL
                    SELECT p.d, p.company_id, p.grp, -apr.amount FROM pairs p
                      JOIN account_partial_reconcile apr ON apr.debit_move_id = p.id AND apr.max_date <= p.d
                    UNION ALL
                    SELECT p.d, p.company_id, p.grp, apr.amount FROM pairs p
                      JOIN account_partial_reconcile apr ON apr.credit_move_id = p.id AND apr.max_date <= p.d
                )
                SELECT d, company_id, grp, SUM(amount) FROM amounts GROUP BY 1, 2, 3
                """,
                pg=self._get_partner_group_sql(company_ids),
                ends=ends,
                group=self._get_group_sql(groupby),
                companies=list(company_ids),
                first=ends[0],
                last=ends[-1],
            )
        )
        return {(end, company_id, group): float(amount or 0.0) for end, company_id, group, amount in rows}

    @api.model
    def _get_activity_inputs(self, company_ids, groupby, periods):
        """{(period start, company, group): {input: value}} for the days to pay, the promises and the
        disputes closed in each period (one statement)."""
        rows = self.env.execute_query_dict(
            SQL(
                """
                WITH pg AS (%(pg)s),
                periods AS (
                    SELECT unnest(%(starts)s::date[]) AS date_from, unnest(%(ends)s::date[]) AS date_to
                ),
                pay AS (
                    SELECT ip.company_id, ip.partner_id, ip.day,
                           (ip.day - ip.invoice_date) * ip.amount AS weighted, ip.amount
                      FROM (%(payments)s) ip
                     WHERE ip.day BETWEEN %(first)s AND %(last)s
                ),
                facts AS (
                    SELECT company_id, partner_id, day,
                           weighted AS pay_days_weighted, amount AS pay_amount,
                           0 AS promises_kept, 0 AS promises_partial, 0 AS promises_broken,
                           0 AS dispute_days, 0 AS disputes_closed,
                           0 AS deductions_valid, 0 AS deductions_invalid
                      FROM pay
                    UNION ALL
                    SELECT pr.company_id, pr.partner_id, pr.date_closed, 0, 0,
                           (pr.state = 'kept')::int, (pr.state = 'partially_kept')::int,
                           (pr.state = 'broken')::int, 0, 0, 0, 0
                      FROM rcm_promise pr
                     WHERE pr.company_id = ANY(%(companies)s)
                       AND pr.state IN ('kept', 'partially_kept', 'broken')
                       AND pr.date_closed BETWEEN %(first)s AND %(last)s
                    UNION ALL
                    SELECT d.company_id, d.partner_id, d.date_closed, 0, 0, 0, 0, 0,
                           CASE WHEN d.kind = 'dispute' THEN d.date_closed - d.date ELSE 0 END,
                           (d.kind = 'dispute')::int,
                           (d.kind = 'deduction' AND d.validity = 'valid')::int,
                           (d.kind = 'deduction' AND d.validity = 'invalid')::int
                      FROM rcm_dispute d
                     WHERE d.company_id = ANY(%(companies)s)
                       AND d.is_closed
                       AND d.date_closed BETWEEN %(first)s AND %(last)s
                )
                SELECT per.date_from, x.company_id, %(group)s AS grp,
                       SUM(x.pay_days_weighted) AS pay_days_weighted, SUM(x.pay_amount) AS pay_amount,
                       SUM(x.promises_kept) AS promises_kept, SUM(x.promises_partial) AS promises_partial,
                       SUM(x.promises_broken) AS promises_broken,
                       SUM(x.dispute_days) AS dispute_days, SUM(x.disputes_closed) AS disputes_closed,
                       SUM(x.deductions_valid) AS deductions_valid,
                       SUM(x.deductions_invalid) AS deductions_invalid
                  FROM facts x
                  JOIN periods per ON x.day BETWEEN per.date_from AND per.date_to
                  LEFT JOIN pg ON pg.partner_id = x.partner_id AND pg.company_id = x.company_id
                 GROUP BY 1, 2, 3
                """,
                pg=self._get_partner_group_sql(company_ids),
                starts=[p[0] for p in periods],
                ends=[p[1] for p in periods],
                companies=list(company_ids),
                payments=self.env["rcm.partner.receivable"]._get_invoice_payments_query(company_ids),
                first=periods[0][0],
                last=periods[-1][1],
                group=self._get_group_sql(groupby),
            )
        )
        result = {}
        for row in rows:
            key = (row.pop("date_from"), row.pop("company_id"), row.pop("grp"))
            result[key] = {name: float(value or 0.0) for name, value in row.items()}
        return result

    # ------------------------------------------------------------------
    # API
    # ------------------------------------------------------------------
    @api.model
    def _compute_kpis(
        self, date_from, date_to, groupby="company", companies=None, period="month", with_activity=True
    ):
        """KPIs of the months (``period="month"``) or of the whole range (``"range"``) from ``date_from``
        to ``date_to``, per company and ``groupby`` (``company``, ``team`` or ``collector``).

        Returns a list of dicts, sorted by period then company then group name: ``date_from``,
        ``date_to``, ``company_id``, ``group_id`` (company, team or user id; ``False`` for unassigned),
        ``group_name``, the inputs (``ar_begin``, ``ar_end``, ``ar_current_end``, ``credit_sales``,
        ``days``, ``pay_days_weighted``, ``pay_amount``, ``promises_kept``, ``promises_partial``,
        ``promises_broken``, ``dispute_days``, ``disputes_closed``, ``deductions_valid``,
        ``deductions_invalid``) and the KPIs of ``services.kpi.compute_all``. ``with_activity=False``
        skips the inputs of the days to pay, promises and disputes (their KPIs are then ``None``), for
        readers that only need the receivable-based KPIs (the dashboard's DSO trend).
        """
        if groupby not in GROUPBYS:
            raise UserError(self.env._("Unknown KPI grouping %s.", groupby))
        companies = companies or self.env.companies
        company_ids = companies.ids
        periods = self._get_periods(date_from, date_to, period)
        self.env.flush_all()
        first_month = periods[0][0] - relativedelta(months=COUNTBACK_MONTHS)
        last_day = periods[-1][1]
        ledger = self._get_monthly_ledger(company_ids, groupby, first_month, last_day)
        current = self._get_current_at(company_ids, groupby, [end for _start, end in periods])
        activity = self._get_activity_inputs(company_ids, groupby, periods) if with_activity else {}
        keys = set(ledger) | {(c, g) for _e, c, g in current} | {(c, g) for _s, c, g in activity}
        results = []
        for start, end in periods:
            for company_id, group in keys:
                months = ledger.get((company_id, group), {})
                ar_begin = sum(bal for month, (bal, _s) in months.items() if month < start)
                ar_end = sum(bal for month, (bal, _s) in months.items() if month <= end)
                sales = sum(s for month, (_b, s) in months.items() if start <= month <= end)
                inputs = {
                    "ar_begin": round(ar_begin, 2),
                    "ar_end": round(ar_end, 2),
                    "ar_current_end": round(current.get((end, company_id, group), 0.0), 2),
                    "credit_sales": round(sales, 2),
                    "days": (end - start).days + 1,
                    **activity.get((start, company_id, group), {}),
                }
                if (
                    groupby != "company"
                    and not any(inputs.get(key) for key in ("ar_begin", "ar_end", "credit_sales"))
                    and not activity.get((start, company_id, group))
                ):
                    # a team or collector with nothing in this period (companies keep every month)
                    continue
                monthly_sales = self._get_countback_sales(months, end)
                results.append(
                    {
                        "date_from": start,
                        "date_to": end,
                        "company_id": company_id,
                        "group_id": group or False,
                        **inputs,
                        **kpi_service.compute_all(inputs, monthly_sales=monthly_sales),
                    }
                )
        self._add_group_names(results, groupby)
        results.sort(key=lambda r: (r["date_from"], r["company_id"], r["group_name"].lower()))
        return results

    @api.model
    def _get_countback_sales(self, months, end):
        """``[(sales, days)]`` of the ``COUNTBACK_MONTHS`` months ending with the month of ``end``, most
        recent first (input of ``services.kpi.dso_countback``)."""
        month = self._month_start(end)
        history = []
        for _index in range(COUNTBACK_MONTHS):
            month_end = month + relativedelta(months=1, days=-1)
            history.append((months.get(month, (0.0, 0.0))[1], (month_end - month).days + 1))
            month -= relativedelta(months=1)
        return history

    @api.model
    def _add_group_names(self, results, groupby):
        model = {"company": "res.company", "team": "rcm.collection.team", "collector": "res.users"}[groupby]
        ids = {r["group_id"] for r in results if r["group_id"]}
        names = {record.id: record.display_name for record in self.env[model].sudo().browse(ids)}
        for row in results:
            row["group_name"] = names.get(row["group_id"]) or self.env._("Unassigned")
