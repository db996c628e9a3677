# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import RcmCollectionsCommon


@tagged("post_install", "-at_install")
class TestMyQueueTour(RcmCollectionsCommon, HttpCase):
    """In headless Chromium: a collector opens My Queue, opens the top case, logs a call with a
    promise to pay and sees the case move to Promised."""

    def test_my_queue_tour(self):
        self._invoice(self.customer, 900, 40)
        self._invoice(self.customer_b, 100, 5)
        top, other = self._case(), self._case(self.customer_b)
        (top | other).write({"user_id": self.collector.id, "team_id": self.team_a.id})
        self.assertGreater(top.priority_score, other.priority_score)
        self.start_tour("/odoo", "rcm_collections_my_queue_tour", login="rcm_collector")
        self.assertEqual(top.state, "promised")
        self.assertEqual(other.state, "new", "only the top case was touched")
        promise = top.promise_ids
        self.assertEqual(len(promise), 1)
        self.assertAlmostEqual(promise.amount, 250)
        self.assertEqual(promise.user_id, self.collector)
        self.assertTrue(top.call_ids.filtered(lambda c: c.outcome == "promise"))
