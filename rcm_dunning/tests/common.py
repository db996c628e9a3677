# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo.addons.base.models.ir_cron import IrCron
from odoo.addons.rcm_collections.tests.common import RcmCollectionsCommon


class RcmDunningCommon(RcmCollectionsCommon):
    """The collections fixture plus the standard dunning policy (four levels) in the test company.

    Levels: 1 Friendly Reminder (5 days overdue, email), 2 Second Notice (14 days after the previous
    level, email + letter, fee 10), 3 Final Demand (14 days after, email + letter + call, fee 15,
    statutory interest 2.15 + 8 = 10.15 %, compensation 40), 4 Demand Letter (10 days after, legal).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids += cls.env.ref("rcm_collections.group_rcm_manager")
        cls.customer_b.email = "ap@contoso.example.com"
        cls.Policy = cls.env["rcm.dunning.policy"]
        cls.Run = cls.env["rcm.dunning.run"]
        cls.Communication = cls.env["rcm.dunning.communication"]
        cls.Fee = cls.env["rcm.dunning.fee"]
        cls.policy = cls.Policy._create_default_policy(cls.company)
        cls.levels = cls.policy.level_ids.sorted(lambda lv: (lv.sequence, lv.id))
        cls.level_1, cls.level_2, cls.level_3, cls.level_4 = cls.levels
        # no SMS unless a test asks for it
        cls.levels.write({"channel_sms": False})

    @classmethod
    def _set_level(cls, moves, level, days_ago):
        """Pretend ``moves`` reached ``level`` ``days_ago`` days ago."""
        moves.sudo().write(
            {"rcm_dunning_level_id": level.id, "rcm_dunning_date": cls.today - timedelta(days=days_ago)}
        )

    def _run(self, date=None, company=None, deliver=True):
        """A manual run of today (or ``date``), processed at once without commits; with ``deliver``,
        its emails and SMS are then accepted by the mail server / SMS provider (``_deliver``)."""
        run = self.Run.create({"company_id": (company or self.company).id, "date": date or self.today})
        with patch.object(IrCron, "_commit_progress", lambda *args, **kwargs: 1.0):
            run.action_start()
        if deliver:
            self._deliver()
        return run

    def _deliver(self):
        """The mail server accepts the queued emails (Odoo's test mode sends nothing out) and the SMS
        provider the queued SMS (simulated); queued communications follow."""
        for mail in self.env["mail.mail"].sudo().search([("state", "=", "outgoing")]):
            mail.write({"state": "sent"})
            mail._postprocess_sent_message(success_pids=mail.recipient_ids, success_emails=[])
        self.env["mail.notification"].sudo().search(
            [("notification_type", "=", "sms"), ("notification_status", "in", ("ready", "process"))]
        ).write({"notification_status": "pending"})
        self.Communication.sudo().search([("state", "=", "queued")])._sync_delivery()

    def _comm(self, partner=None, run=None):
        domain = [("partner_id", "=", (partner or self.customer).id)]
        if run:
            domain.append(("run_id", "=", run.id))
        return self.Communication.search(domain)

    def _candidates(self, date=None, **kwargs):
        return {
            row["partner_id"]: row
            for row in self.Run._compute_candidates(self.company, date or self.today, **kwargs)
        }
