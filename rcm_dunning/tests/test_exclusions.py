# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.tests import tagged

from .common import RcmDunningCommon


@tagged("post_install", "-at_install")
class TestExclusions(RcmDunningCommon):
    """Items under an open dispute, an on-time promise or a dunning block, and customers below the
    tolerance, are not dunned; all of it read through rcm.collection.exclusion."""

    def _items(self, partner=None):
        row = self._candidates().get((partner or self.customer).id)
        return {item["move_id"]: item for item in row["items"]} if row else {}

    def test_dispute_excludes_the_item(self):
        disputed = self._invoice(self.customer, 600, 20)
        other = self._invoice(self.customer, 400, 20)
        exclusions = self.env["rcm.collection.exclusion"].sudo()
        # rcm_disputes feeds exclusions of reason 'dispute' (any source record will do here)
        exclusions._set_exclusion(disputed, disputed, 600, "dispute", note="Wrong quantity")
        self.assertEqual(set(self._items()), {other.id}, "the fully disputed invoice is left out")
        # partly disputed: listed for its undisputed part, flagged (no charge on it)
        exclusions._set_exclusion(disputed, disputed, 250, "dispute")
        items = self._items()
        self.assertAlmostEqual(items[disputed.id]["collectible"], 350)
        self.assertAlmostEqual(items[disputed.id]["excluded"], 250)
        self.assertTrue(items[disputed.id]["disputed"])
        # everything disputed: no communication at all
        exclusions._set_exclusion(disputed, disputed, 600, "dispute")
        exclusions._set_exclusion(other, other, 400, "dispute")
        self.assertFalse(self._items())

    def test_on_time_promise_excludes_and_broken_promise_releases(self):
        invoice = self._invoice(self.customer, 500, 15)
        promise = (
            self.env["rcm.promise"]
            .sudo()
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "amount": 500,
                    "promised_date": self.today + timedelta(days=7),
                    "invoice_ids": [invoice.id],
                }
            )
        )
        self.assertFalse(self._items(), "an on-time promise covers the invoice")
        self.assertFalse(self._comm(run=self._run()))
        promise.action_cancel()
        self.assertIn(invoice.id, self._items(), "the promise no longer holds: dunned again")

    def test_block_per_invoice(self):
        blocked = self._invoice(self.customer, 300, 20)
        free = self._invoice(self.customer, 200, 20)
        block = self.env["rcm.dunning.block"].create(
            {
                "partner_id": self.customer.id,
                "scope": "invoices",
                "move_ids": [blocked.id],
                "reason": "Waiting for the signed delivery note",
                "date_until": self.today + timedelta(days=30),
            }
        )
        exclusion = block.exclusion_ids
        self.assertEqual(exclusion.reason, "dunning_block")
        self.assertEqual(exclusion.move_id, blocked)
        self.assertEqual(exclusion.date_until, self.today + timedelta(days=30))
        self.assertEqual(exclusion.note, "Waiting for the signed delivery note")
        self.assertEqual(set(self._items()), {free.id})
        # after its date the block no longer counts
        late = self.Run._compute_candidates(self.company, self.today + timedelta(days=31))
        self.assertIn(blocked.id, {item["move_id"] for item in late[0]["items"]})
        block.action_lift()
        self.assertFalse(block.exclusion_ids)
        self.assertEqual(set(self._items()), {free.id, blocked.id})

    def test_block_per_customer_covers_later_invoices(self):
        self._invoice(self.customer, 300, 20)
        action = self.customer.action_rcm_dunning_block()
        block = (
            self.env["rcm.dunning.block"]
            .with_context(**action["context"])
            .create({"reason": "Insolvency check"})
        )
        self.assertEqual(block.scope, "customer")
        self.assertTrue(self.customer.rcm_dunning_blocked)
        self.assertFalse(self._items())
        later = self._invoice(self.customer, 100, 12)
        self.assertIn(later.id, self._items(), "posted after the block: not covered yet")
        run = self._run()  # the run refreshes the exclusions of customer blocks first
        self.assertFalse(self._comm(run=run))
        self.assertIn(later, block.exclusion_ids.move_id)

    def test_tolerance(self):
        self._invoice(self.customer, 8, 20)
        self.assertFalse(self._items(), "8 is not above the policy tolerance of 10")
        self.policy.tolerance = 5
        self.assertTrue(self._items())

    def test_customer_reply_pauses_the_dunning(self):
        self._invoice(self.customer, 300, 20)
        case = self._case()
        case.sudo().rcm_reply_pending = True
        self.assertFalse(self._items())
        case.action_rcm_reply_handled()
        self.assertTrue(self._items())
