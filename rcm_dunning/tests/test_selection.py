# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from .common import RcmDunningCommon


@tagged("post_install", "-at_install")
class TestSelection(RcmDunningCommon):
    """Who gets which level: one communication per customer, at the highest level of its items,
    listing every collectible overdue item once (credits offset it)."""

    def test_one_communication_per_customer_listing_all_items(self):
        young = self._invoice(self.customer, 300, 3)  # overdue, below the first level (5 days)
        old = self._invoice(self.customer, 700, 10)  # reaches the friendly reminder
        not_due = self._invoice(self.customer, 50, -5)  # not due: not listed
        run = self._run()
        comm = self._comm(run=run)
        self.assertEqual(len(comm), 1, "one communication for the customer, not one per invoice")
        self.assertEqual(comm.state, "sent")
        self.assertEqual(comm.level_id, self.level_1)
        self.assertEqual(comm.line_ids.move_id, young | old, "every overdue item, once; nothing not due")
        self.assertNotIn(not_due, comm.line_ids.move_id)
        self.assertEqual(len(comm.line_ids), 2)
        self.assertAlmostEqual(comm.amount_due, 1000)
        line_old = comm.line_ids.filtered(lambda line: line.move_id == old)
        line_young = comm.line_ids.filtered(lambda line: line.move_id == young)
        self.assertTrue(line_old.escalated)
        self.assertEqual(line_old.level_id, self.level_1)
        self.assertFalse(line_young.escalated)
        self.assertFalse(line_young.level_id)
        # the items remember their level: only the escalated one
        self.assertEqual(old.rcm_dunning_level_id, self.level_1)
        self.assertEqual(old.rcm_dunning_date, self.today)
        self.assertFalse(young.rcm_dunning_level_id)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.sent_count, 1)

    def test_highest_level_of_the_items(self):
        second = self._invoice(self.customer, 400, 40)
        self._set_level(second, self.level_1, 20)  # friendly 20 days ago -> second notice now
        fresh = self._invoice(self.customer, 100, 8)  # first reminder now
        third = self._invoice(self.customer, 200, 80)
        self._set_level(third, self.level_2, 3)  # second notice 3 days ago: too early to move on
        rows = self._candidates()
        row = rows[self.customer.id]
        self.assertEqual(row["level_id"], self.level_2.id, "highest level reached by any item")
        items = {item["move_id"]: item for item in row["items"]}
        self.assertEqual(set(items), {second.id, fresh.id, third.id})
        self.assertEqual(items[second.id]["next_level_id"], self.level_2.id)
        self.assertTrue(items[second.id]["escalates"])
        self.assertTrue(items[fresh.id]["escalates"])
        self.assertFalse(items[third.id]["escalates"], "min interval between levels")
        comm = self._comm(run=self._run())
        self.assertEqual(comm.level_id, self.level_2)
        self.assertEqual(second.rcm_dunning_level_id, self.level_2)
        self.assertEqual(fresh.rcm_dunning_level_id, self.level_1)
        self.assertEqual(third.rcm_dunning_level_id, self.level_2, "not escalated: level kept")
        self.assertTrue(comm.channel_letter and comm.letter_done, "the second notice sends a letter")

    def test_no_communication_without_escalation(self):
        last = self._invoice(self.customer, 500, 200)
        self._set_level(last, self.level_4, 30)  # at the last level already
        self.assertNotIn(self.customer.id, self._candidates())
        self.assertIn(self.customer.id, self._candidates(forced=True), "strategy steps still see it")

    def test_credit_notes_offset(self):
        self._invoice(self.customer, 100, 10)
        refund = self._invoice(self.customer, 95, 0, move_type="out_refund")
        self.assertNotIn(self.customer.id, self._candidates(), "100 - 95 = 5 is below the tolerance of 10")
        self._invoice(self.customer, 200, 12)
        row = self._candidates()[self.customer.id]
        self.assertAlmostEqual(row["credit"], 95)
        self.assertAlmostEqual(row["net"], 205)
        comm = self._comm(run=self._run())
        credit_line = comm.line_ids.filtered(lambda line: line.line_type == "credit")
        self.assertEqual(credit_line.move_id, refund)
        self.assertAlmostEqual(comm.amount_overdue, 300)
        self.assertAlmostEqual(comm.amount_credit, 95)
        self.assertAlmostEqual(comm.amount_due, 205)

    def test_customer_policy_and_company_default(self):
        quick = self.Policy.create(
            {
                "name": "Key accounts",
                "company_id": self.company.id,
                "tolerance": 0,
                "level_ids": [
                    Command.create(
                        {"name": "Courtesy call", "days": 1, "channel_email": False, "channel_call": True}
                    )
                ],
            }
        )
        self.customer_b.with_company(self.company).rcm_dunning_policy_id = quick
        self._invoice(self.customer_b, 50, 2)  # 2 days: the standard policy would wait until 5
        self._invoice(self.customer, 50, 2)
        rows = self._candidates()
        self.assertEqual(rows[self.customer_b.id]["policy_id"], quick.id)
        self.assertNotIn(self.customer.id, rows)
        comm = self._comm(self.customer_b, run=self._run())
        self.assertEqual(comm.level_id, quick.level_ids)
        self.assertEqual(comm.channels, "Call")
        case = self._case(self.customer_b)
        self.assertTrue(case.activity_ids.filtered(lambda a: "Courtesy call" in (a.summary or "")))

    def test_other_company_untouched(self):
        self._invoice(self.customer, 500, 10)
        other = self.setup_other_company()["company"]
        self.assertFalse(self.Run._compute_candidates(other, self.today), "no policy in the other company")
