# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common import RcmDisputesCommon


@tagged("post_install", "-at_install")
class TestDisputeDeviations(RcmDisputesCommon):
    """A dispute open past its SLA flags the customer's case, with its reason, until closed or postponed."""

    def _flag(self, days=0):
        return self.Case._flag_deviations(today=self.today + timedelta(days=days))

    def test_sla_breach_flags_the_case_until_the_dispute_is_closed(self):
        invoice = self._invoice(self.customer, 1000, 10)
        self._invoice(self.customer, 500, 10)  # keeps the case open after the dispute
        dispute = self._dispute([(invoice, 100)])
        case = self._case()
        self._flag()
        self.assertFalse(case.deviation, "within its SLA: no flag")
        dispute.date_due = self.today - timedelta(days=1)
        self._flag()
        self.assertTrue(case.deviation)
        self.assertIn(f"Dispute {dispute.name} past its SLA", case.deviation_reason)
        self.assertIn(case.id, self.Case._get_deviations(self.today))
        # postponed: the cause is gone
        dispute.date_due = self.today + timedelta(days=3)
        self._flag()
        self.assertFalse(case.deviation, case.deviation_reason)
        # late again, then rejected (closed): gone again
        self._flag(5)
        self.assertIn("past its SLA", case.deviation_reason)
        self.env["rcm.dispute.decision.wizard"].with_user(self.collector).create(
            {"dispute_ids": [Command.set(dispute.ids)], "decision": "reject", "note": "Price was agreed"}
        ).action_confirm()
        self.assertTrue(dispute.is_closed)
        case.activity_ids.action_feedback(feedback="Escalation handled")
        self._flag(5)
        self.assertFalse(case.deviation, case.deviation_reason)
