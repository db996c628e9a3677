# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Expected collections: one row per open customer invoice and per open promise to pay (SQL view).

* an invoice is expected on its predicted payment date (``services.forecast.predict_payment_date``:
  due date shifted by the customer's average lateness, never before today) for its residual in
  company currency, minus the amounts excluded from collection for a dispute (active exclusions of
  reason ``dispute``) and minus the part covered by open promises to pay;
* the part of an invoice covered by an open promise (exclusions of reason ``promise``) is expected on
  the promised date instead (today when that date has passed);
* credit notes and unapplied payments are not collections and are left out.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..services import forecast as forecast_service


class RcmCashForecast(models.Model):
    _name = "rcm.cash.forecast"
    _description = "Cash Forecast (Expected Collections)"
    _auto = False
    _order = "expected_date, id"
    _rec_name = "move_id"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    user_id = fields.Many2one("res.users", string="Collector", readonly=True)
    source = fields.Selection(
        [("invoice", "Invoice (predicted)"), ("promise", "Promise to Pay")], readonly=True
    )
    date_due = fields.Date(string="Due Date", readonly=True)
    expected_date = fields.Date(readonly=True)
    predicted_days_late = fields.Integer(readonly=True, aggregator="avg")
    amount = fields.Monetary(string="Expected Amount", readonly=True)

    @property
    def _table_query(self):
        return self._get_query(self.env.companies.ids, fields.Date.context_today(self))

    @api.model
    def _get_query(self, company_ids, today):
        """SQL of the view for ``company_ids`` as of ``today`` (see the module docstring)."""
        return SQL(
            """
            WITH pred AS (%(pred)s),
            excl AS (
                SELECT e.move_id,
                       SUM(e.amount_company) FILTER (WHERE e.reason = 'dispute') AS disputed
                  FROM rcm_collection_exclusion e
                 WHERE e.active AND (e.date_until IS NULL OR e.date_until >= %(today)s)
                   AND e.company_id = ANY(%(companies)s)
                 GROUP BY e.move_id
            ),
            promised AS (
                SELECT e.move_id, e.id AS exclusion_id, pr.promised_date, e.amount_company AS amount
                  FROM rcm_collection_exclusion e
                  JOIN rcm_promise pr ON e.source_ref = 'rcm.promise,' || pr.id
                 WHERE e.active AND e.reason = 'promise' AND pr.state = 'open'
                   AND e.company_id = ANY(%(companies)s)
            ),
            inv AS (
                SELECT m.id, m.company_id, m.commercial_partner_id AS partner_id, m.amount_residual_signed,
                       COALESCE(m.invoice_date_due, m.invoice_date, m.date) AS date_due,
                       pred.predicted, pred.late,
                       GREATEST(m.amount_residual_signed - COALESCE(x.disputed, 0), 0) AS collectible,
                       COALESCE((SELECT SUM(p.amount) FROM promised p WHERE p.move_id = m.id), 0) AS promised
                  FROM account_move m
                  JOIN pred ON pred.id = m.id
                  LEFT JOIN excl x ON x.move_id = m.id
                 WHERE m.amount_residual_signed > 0
            ),
            cases AS (
                SELECT DISTINCT ON (c.partner_id, c.company_id) c.partner_id, c.company_id, c.user_id
                  FROM rcm_collection_case c
                 WHERE c.company_id = ANY(%(companies)s)
                 ORDER BY c.partner_id, c.company_id, (c.state = 'resolved'), c.id DESC
            ),
            rows AS (
                SELECT i.id * 2 AS id, i.id AS move_id, i.company_id, i.partner_id, 'invoice' AS source,
                       i.date_due, i.predicted AS expected_date, i.late AS predicted_days_late,
                       GREATEST(i.collectible - i.promised, 0) AS amount
                  FROM inv i
                UNION ALL
                SELECT p.exclusion_id * 2 + 1, i.id, i.company_id, i.partner_id, 'promise',
                       i.date_due, GREATEST(%(today)s::date, p.promised_date),
                       GREATEST(%(today)s::date, p.promised_date) - i.date_due,
                       LEAST(p.amount, i.collectible)
                  FROM promised p
                  JOIN inv i ON i.id = p.move_id
            )
            SELECT r.id, r.move_id, r.company_id, co.currency_id, r.partner_id, cs.user_id, r.source,
                   r.date_due, r.expected_date, r.predicted_days_late, r.amount
              FROM rows r
              JOIN res_company co ON co.id = r.company_id
              LEFT JOIN cases cs ON cs.partner_id = r.partner_id AND cs.company_id = r.company_id
             WHERE r.amount > 0
            """,
            pred=self.env["account.move"]._rcm_get_prediction_query(company_ids, today),
            today=today,
            companies=list(company_ids),
        )

    @api.model
    def _get_weekly_forecast(self, companies=None, today=None, weeks=forecast_service.FORECAST_WEEKS):
        """Expected collections per week (``services.forecast.weekly_forecast``), split by source.

        Returns ``{"weeks": [{"week_start", "invoice", "promise", "amount"}], "later", "total"}`` in
        company currency.
        """
        companies = companies or self.env.companies
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                "SELECT expected_date, source, SUM(amount) FROM (%s) f GROUP BY 1, 2",
                self._get_query(companies.ids, today),
            )
        )
        by_source = {}
        for source in ("invoice", "promise"):
            items = [(day, float(amount)) for day, src, amount in rows if src == source]
            by_source[source] = forecast_service.weekly_forecast(items, today, weeks)
        weeks_data = []
        for index in range(weeks):
            invoice = by_source["invoice"][0][index]["amount"]
            promise = by_source["promise"][0][index]["amount"]
            weeks_data.append(
                {
                    "week_start": by_source["invoice"][0][index]["week_start"],
                    "invoice": invoice,
                    "promise": promise,
                    "amount": round(invoice + promise, 2),
                }
            )
        later = round(by_source["invoice"][1] + by_source["promise"][1], 2)
        return {"weeks": weeks_data, "later": later, "total": round(sum(w["amount"] for w in weeks_data), 2)}

    # ------------------------------------------------------------------
    # Back-test
    # ------------------------------------------------------------------
    @api.model
    def _get_backtest_pairs(self, companies, date_from, date_to):
        """``[(invoice id, due date, predicted date, actual date, amount)]`` of the customer invoices paid
        (by a payment, not only by credit notes) between ``date_from`` and ``date_to``.

        The prediction is made as on the invoice date: the due date shifted by the customer's
        amount-weighted lateness over the invoice payments of the 12 calendar months before the invoice's
        month (0 without history). The actual date is the date of the last reconciliation of the invoice.
        """
        self.env.flush_all()
        history_from = date_from - relativedelta(months=24)
        rows = self.env.execute_query(
            SQL(
                """
                WITH settled AS (
                    SELECT m.id, m.company_id, m.commercial_partner_id AS partner_id,
                           COALESCE(m.invoice_date, m.date) AS invoice_date,
                           COALESCE(m.invoice_date_due, m.invoice_date, m.date) AS date_due,
                           m.amount_total_signed AS amount,
                           MAX(apr.max_date) AS paid_date,
                           BOOL_OR(pmv.move_type NOT IN ('out_refund', 'out_invoice')) AS by_payment
                      FROM account_move m
                      JOIN account_move_line l ON l.move_id = m.id
                      JOIN account_account acc
                        ON acc.id = l.account_id AND acc.account_type = 'asset_receivable'
                      JOIN account_partial_reconcile apr ON apr.debit_move_id = l.id
                      JOIN account_move_line pay ON pay.id = apr.credit_move_id
                      JOIN account_move pmv ON pmv.id = pay.move_id
                     WHERE m.company_id = ANY(%(companies)s)
                       AND m.move_type = 'out_invoice' AND m.state = 'posted'
                       AND m.payment_state IN ('paid', 'in_payment')
                     GROUP BY m.id
                    HAVING MAX(apr.max_date) BETWEEN %(date_from)s AND %(date_to)s
                ),
                history AS (
                    SELECT ip.company_id, ip.partner_id, date_trunc('month', ip.day)::date AS month,
                           SUM((ip.day - ip.date_due) * ip.amount) AS weighted, SUM(ip.amount) AS amount
                      FROM (%(payments)s) ip
                     WHERE ip.day >= %(history_from)s
                     GROUP BY 1, 2, 3
                )
                SELECT s.id, s.date_due, s.paid_date, s.amount,
                       SUM(h.weighted) / NULLIF(SUM(h.amount), 0) AS late
                  FROM settled s
                  LEFT JOIN history h
                         ON h.partner_id = s.partner_id AND h.company_id = s.company_id
                        AND h.month >= (date_trunc('month', s.invoice_date) - interval '12 months')::date
                        AND h.month < date_trunc('month', s.invoice_date)::date
                 WHERE s.by_payment
                 GROUP BY s.id, s.date_due, s.paid_date, s.amount
                 ORDER BY s.id
                """,
                companies=companies.ids,
                payments=self.env["rcm.partner.receivable"]._get_invoice_payments_query(companies.ids),
                date_from=date_from,
                date_to=date_to,
                history_from=history_from,
            )
        )
        pairs = []
        for move_id, due, paid, amount, late in rows:
            predicted = due + relativedelta(days=round(float(late or 0.0)))
            pairs.append((move_id, due, predicted, paid, float(amount or 0.0)))
        return pairs

    @api.model
    def _backtest(self, companies=None, months=6, today=None):
        """How far the predicted payment dates were from the actual ones, over the invoices paid in the
        last ``months`` months: ``services.forecast.backtest_metrics`` of the predictions (``mae``,
        ``bias``, ``rmse``, ``within_7``, ``count``) plus ``baseline_mae`` / ``baseline_bias``, the same
        errors for the naive prediction "paid on the due date"."""
        companies = companies or self.env.companies
        today = today or fields.Date.context_today(self)
        date_from = today - relativedelta(months=months)
        pairs = self._get_backtest_pairs(companies, date_from, today)
        metrics = forecast_service.backtest_metrics([(pred, paid) for _id, _due, pred, paid, _a in pairs])
        baseline = forecast_service.backtest_metrics([(due, paid) for _id, due, _pred, paid, _a in pairs])
        return {
            **metrics,
            "baseline_mae": baseline["mae"],
            "baseline_bias": baseline["bias"],
            "date_from": date_from,
            "date_to": today,
        }
