# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RcmCollectionsCommon


@tagged("post_install", "-at_install")
class TestCreditHold(RcmCollectionsCommon):
    def test_hold_blocks_posting_for_collector_not_manager(self):
        self.customer._rcm_set_credit_hold("Three months overdue")
        self.assertTrue(self.customer.rcm_credit_hold)
        self.assertEqual(self.customer.rcm_credit_hold_user_id, self.env.user)
        draft = self._invoice(self.customer.child_ids[0], 100, -10, post=False)
        with self.assertRaisesRegex(UserError, "credit hold"):
            draft.with_user(self.collector).action_post()
        self.assertEqual(draft.state, "draft", "nothing was posted")
        draft.with_user(self.manager).action_post()
        self.assertEqual(draft.state, "posted")
        # other customers are not affected
        self._invoice(self.customer_b, 100, -10).with_user(self.collector)
        # credit notes are not new invoices: allowed
        refund = self._invoice(self.customer, 10, 0, move_type="out_refund", post=False)
        refund.with_user(self.collector).action_post()
        self.assertEqual(refund.state, "posted")

    def test_lifting_is_logged(self):
        self.customer._rcm_set_credit_hold("Broken promises")
        self.customer.with_user(self.manager)._rcm_lift_credit_hold("Paid in full")
        self.assertFalse(self.customer.rcm_credit_hold)
        self.assertIn("lifted", self.customer.message_ids[0].body)
        self.assertIn("Broken promises", self.customer.message_ids[0].body)

    def test_hold_needs_reason(self):
        with self.assertRaises(UserError):
            self.customer._rcm_set_credit_hold("  ")
