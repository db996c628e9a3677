# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    rcm_predicted_payment_date = fields.Date(
        string="Predicted Payment Date",
        readonly=True,
        copy=False,
        help="When the customer is expected to pay this invoice: its due date shifted by the customer's "
        "average lateness of the last 12 months, never before today while it is open. Refreshed "
        "nightly; kept once the invoice is paid (the forecast back-test compares it with the payment).",
    )
    rcm_predicted_days_late = fields.Integer(
        string="Predicted Days Late",
        readonly=True,
        copy=False,
        help="Predicted payment date minus due date.",
    )

    @api.model
    def _rcm_get_prediction_query(self, company_ids, today):
        """SQL of ``(move id, predicted date, predicted days late)`` for the open customer invoices of
        ``company_ids`` (see rcm_reports/services/forecast.py for the formula)."""
        return SQL(
            """
            SELECT m.id,
                   GREATEST(%(today)s::date, due.d + ROUND(COALESCE(r.avg_days_late, 0))::int) AS predicted,
                   GREATEST(%(today)s::date, due.d + ROUND(COALESCE(r.avg_days_late, 0))::int) - due.d AS late
              FROM account_move m
              CROSS JOIN LATERAL (SELECT COALESCE(m.invoice_date_due, m.invoice_date, m.date) AS d) due
              LEFT JOIN rcm_partner_receivable r
                     ON r.partner_id = m.commercial_partner_id AND r.company_id = m.company_id
             WHERE m.company_id = ANY(%(companies)s)
               AND m.move_type = 'out_invoice'
               AND m.state = 'posted'
               AND m.payment_state IN ('not_paid', 'partial')
            """,
            today=today,
            companies=list(company_ids),
        )

    @api.model
    def _rcm_refresh_predictions(self, companies=None, today=None):
        """Store the predicted payment date of every open customer invoice (one UPDATE, changed rows
        only). Returns the number of invoices updated."""
        today = today or fields.Date.context_today(self)
        companies = companies or self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                UPDATE account_move m
                   SET rcm_predicted_payment_date = v.predicted, rcm_predicted_days_late = v.late
                  FROM (%s) v
                 WHERE m.id = v.id
                   AND (m.rcm_predicted_payment_date IS DISTINCT FROM v.predicted
                        OR m.rcm_predicted_days_late IS DISTINCT FROM v.late)
                RETURNING m.id
                """,
                self._rcm_get_prediction_query(companies.ids, today),
            )
        )
        self.invalidate_model(["rcm_predicted_payment_date", "rcm_predicted_days_late"])
        return len(rows)

    @api.model
    def _cron_rcm_refresh_predictions(self):
        """Nightly: refresh the predicted payment dates, then the priority scores that use them."""
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        for index, company in enumerate(companies, start=1):
            self._rcm_refresh_predictions(companies=company)
            self.env["rcm.collection.case"]._update_figures(company)
            if not self.env["ir.cron"]._commit_progress(1, remaining=len(companies) - index):
                break
