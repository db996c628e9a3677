# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import SQL


class RcmCollectionCase(models.Model):
    _inherit = "rcm.collection.case"

    @api.model
    def _get_figures_extra(self, companies, partner_ids=None):
        """Adds ``predicted_days_late`` to the rows of the open cases: the amount-weighted mean of the
        predicted days late (``account.move.rcm_predicted_days_late``) of the customer's open invoices."""
        extra = super()._get_figures_extra(companies, partner_ids=partner_ids)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT c.id,
                       SUM(m.rcm_predicted_days_late * m.amount_residual_signed)
                         / NULLIF(SUM(m.amount_residual_signed), 0)
                  FROM rcm_collection_case c
                  -- through the customer's contacts: account_move.partner_id is indexed,
                  -- commercial_partner_id is not (a one-customer refresh would scan every entry)
                  JOIN res_partner cp ON cp.commercial_partner_id = c.partner_id
                  JOIN account_move m
                    ON m.partner_id = cp.id AND m.commercial_partner_id = c.partner_id
                   AND m.company_id = c.company_id
                 WHERE c.state != 'resolved' AND c.company_id = ANY(%s) %s
                   AND m.move_type = 'out_invoice' AND m.state = 'posted'
                   AND m.payment_state IN ('not_paid', 'partial')
                   AND m.rcm_predicted_days_late IS NOT NULL AND m.amount_residual_signed > 0
                 GROUP BY c.id
                """,
                companies.ids,
                SQL("AND c.partner_id = ANY(%s)", list(partner_ids)) if partner_ids is not None else SQL(),
            )
        )
        for case_id, days in rows:
            if days is not None:
                extra.setdefault(case_id, {})["predicted_days_late"] = float(days)
        return extra

    @api.model
    def _get_priority_score_inputs(self, row):
        """Extension: the customer's predicted lateness (``predicted_days_late`` of services.scoring,
        added to the row by ``_get_figures_extra``) weighs in the priority score when known."""
        inputs = super()._get_priority_score_inputs(row)
        if row.get("predicted_days_late") is not None:
            inputs["predicted_days_late"] = float(row["predicted_days_late"])
        return inputs
