# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class RcmDunningRun(models.Model):
    _inherit = "rcm.dunning.run"

    @api.model
    def _rcm_queue_run(self):
        """Scheduled action with queue_job: the daily runs select and create their communications in
        committed batches as without queue_job, and hand each batch's delivery to a job on
        ``root.rcm.delivery`` (``rcm.dunning.communication._rcm_job_deliver``)."""
        return self.with_context(rcm_queue_job_deliver=True)._cron_run()
