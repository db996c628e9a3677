# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import RcmDisputesCommon


@tagged("post_install", "-at_install")
class TestDemo(RcmDisputesCommon):
    """The demo generator plays disputes and deductions to every outcome, reproducibly."""

    def test_demo_generate(self):
        for i in range(24):
            invoice = self._invoice(self.customer if i % 2 else self.customer_b, 1000 + 10 * i, 5 + i)
            if i % 3 == 0:
                self._pay(invoice, 600)
        disputes = self.Dispute._demo_generate(seed=7, count=18)
        self.assertEqual(len(disputes), 18)
        self.assertEqual(set(disputes.mapped("kind")), {"dispute", "deduction"})
        self.assertGreaterEqual(len(set(disputes.mapped("state"))), 4)
        self.assertTrue(
            disputes.filtered(lambda d: d.resolution in ("credit_note", "write_off")).resolution_move_ids
        )
        self.assertGreaterEqual(len(disputes.reason_id), 3)
