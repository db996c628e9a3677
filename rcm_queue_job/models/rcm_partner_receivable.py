# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models

from ..identity import batch_identity

_logger = logging.getLogger(__name__)


class RcmPartnerReceivable(models.Model):
    _inherit = "rcm.partner.receivable"

    @api.model
    def _rcm_queue_refresh_all(self, batch_size=2000):
        """Scheduled action with queue_job: the nightly refresh as one job per batch of customers on
        ``root.rcm.refresh`` (``_rcm_job_refresh``). Returns the number of batches dispatched."""
        today = fields.Date.context_today(self)
        partner_ids = self._get_refresh_partner_ids()
        batches = [partner_ids[i : i + batch_size] for i in range(0, len(partner_ids), batch_size)]
        for index, batch in enumerate(batches, 1):
            self.with_delay(
                description=self.env._(
                    "Collections: refresh customers (batch %(n)s/%(t)s)", n=index, t=len(batches)
                ),
                identity_key=batch_identity("refresh", today, [], batch),
            )._rcm_job_refresh(batch, today)
        return len(batches)

    @api.model
    def _rcm_job_refresh(self, partner_ids, today):
        """Job: refresh the backbone, risk and cases of ``partner_ids`` as of ``today``.

        Idempotent (the refresh recomputes from the ledger and writes only what changed). A batch that
        fails is handed to the ledger-change processor, which refreshes its customers one by one and
        reports the failing ones, as the cron does: the job itself succeeds."""
        try:
            with self.env.cr.savepoint():
                self._refresh(partner_ids=partner_ids, today=today)
        except Exception:  # one bad customer must not fail the night for every other
            _logger.warning(
                "Backbone refresh of %d customers failed: handed to the ledger changes", len(partner_ids)
            )
            self.env.invalidate_all(flush=False)
            self._rcm_requeue(partner_ids)
        return len(partner_ids)
