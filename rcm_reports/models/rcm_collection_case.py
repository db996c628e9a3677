# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import SQL

from odoo.addons.rcm_collections.services import scoring


class RcmCollectionCase(models.Model):
    _inherit = "rcm.collection.case"

    @api.model
    def _rcm_get_predicted_days_late(self, companies, partner_ids=None):
        """{case id: predicted days late} of the open cases: the amount-weighted mean of the predicted
        days late (``account.move.rcm_predicted_days_late``) of the customer's open invoices."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT c.id,
                       SUM(m.rcm_predicted_days_late * m.amount_residual_signed)
                         / NULLIF(SUM(m.amount_residual_signed), 0)
                  FROM rcm_collection_case c
                  JOIN account_move m
                    ON m.commercial_partner_id = c.partner_id AND m.company_id = c.company_id
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
        return {case_id: float(days) for case_id, days in rows if days is not None}

    @api.model
    def _update_figures(self, companies, partner_ids=None):
        # The rows built by rcm_collections do not carry the predicted lateness (yet): hand it to
        # _get_priority_score through the context, keyed by case id (one query for all the cases).
        predicted = self._rcm_get_predicted_days_late(companies, partner_ids)
        return super(RcmCollectionCase, self.with_context(rcm_predicted_days_late=predicted))._update_figures(
            companies, partner_ids=partner_ids
        )

    @api.model
    def _get_priority_score(self, row):
        """The collections priority score with the customer's predicted lateness (``predicted_days_late``
        of services.scoring): from the row when it carries it, else from the figures prefetched by
        ``_update_figures``; without prediction the score of rcm_collections is kept."""
        if "predicted_days_late" in row:
            predicted = row["predicted_days_late"]
        else:
            predicted = (self.env.context.get("rcm_predicted_days_late") or {}).get(row.get("id"))
        if predicted is None:
            return super()._get_priority_score(row)
        return scoring.priority_score(
            overdue_amount=max(0.0, float(row["collectible_overdue"])),
            max_days_overdue=row["oldest_days"],
            risk_class=row["risk_class"],
            broken_promises=row["broken"],
            predicted_days_late=float(predicted),
        )
