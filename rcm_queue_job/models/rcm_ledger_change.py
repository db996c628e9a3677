# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from ..identity import batch_identity


class RcmLedgerChange(models.Model):
    _inherit = "rcm.ledger.change"

    @api.model
    def _rcm_pending_domain_sql(self):
        """Within a job, only the changes of the job's customers (``_rcm_job_process``)."""
        domain = super()._rcm_pending_domain_sql()
        keys = self.env.context.get("rcm_queue_job_change_keys")
        if keys is None:
            return domain
        return SQL(
            "%s AND (partner_id, company_id) IN (SELECT * FROM unnest(%s::int[], %s::int[]))",
            domain,
            [int(key[0]) for key in keys],
            [int(key[1]) for key in keys],
        )

    @api.model
    def _rcm_queue_process(self, batch_size=200):
        """Scheduled action with queue_job: the pending ledger changes as one job per batch of
        customers (oldest first) on ``root.rcm.refresh`` (``_rcm_job_process``). Returns the number
        of batches dispatched."""
        self.env.flush_all()
        keys = [
            [partner_id, company_id]
            for partner_id, company_id in self.env.execute_query(
                SQL(
                    """
                    SELECT partner_id, company_id FROM rcm_ledger_change
                     WHERE %s GROUP BY partner_id, company_id ORDER BY MIN(id)
                    """,
                    self._rcm_pending_domain_sql(),
                )
            )
        ]
        today = fields.Date.context_today(self)
        batches = [keys[i : i + batch_size] for i in range(0, len(keys), batch_size)]
        for batch in batches:
            self.with_delay(
                description=self.env._("Collections: follow the ledger (%s customers)", len(batch)),
                identity_key=batch_identity(
                    "ledger", today, [key[1] for key in batch], [tuple(key) for key in batch]
                ),
            )._rcm_job_process(batch)
        return len(batches)

    @api.model
    def _rcm_job_process(self, keys):
        """Job: process the pending changes of the ``[partner id, company id]`` pairs ``keys``.

        The processor locks the rows it takes (``FOR UPDATE SKIP LOCKED``) and deletes them once
        processed: a retried or concurrent job finds nothing left to do; a failing customer keeps its
        changes with the error and its retry time, the others are processed (``_rcm_process_pending``).
        Returns ``(customers processed or failed, customers of ``keys`` still pending)``."""
        return self.with_context(rcm_queue_job_change_keys=keys)._rcm_process_pending(limit=len(keys))
