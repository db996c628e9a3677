# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .test_portal import RcmDisputesPortalCommon


@tagged("post_install", "-at_install")
class TestPortalDisputeTour(RcmDisputesPortalCommon, HttpCase):
    """In headless Chromium: a portal customer opens an invoice and raises a dispute; then a collector
    sees it on the collection case of the customer."""

    def test_portal_dispute_tour(self):
        invoice = self._invoice(self.customer, 1000, 30)
        invoice.invoice_user_id = self.salesperson
        case = self._case()
        self.start_tour("/my/invoices", "rcm_disputes_portal_tour", login="rcm_portal")
        dispute = self.Dispute.search([("line_ids.move_id", "=", invoice.id)])
        self.assertEqual(len(dispute), 1)
        self.assertEqual(
            (dispute.reason_id, dispute.amount_disputed, dispute.customer_ref),
            (self.reason_damaged, 400, "RMA-2026-17"),
        )
        self.assertEqual(dispute.owner_id, self.salesperson)
        as_collector = case.with_user(self.collector)
        self.assertEqual(as_collector.rcm_dispute_ids, dispute)
        self.assertEqual(as_collector.rcm_dispute_count, 1)
        self.assertEqual(as_collector.amount_disputed, 400)
        self.assertEqual(as_collector.collectible_overdue, 600)
