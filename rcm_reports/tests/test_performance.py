# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import RcmReportsCommon


@tagged("post_install", "-at_install")
class TestCollectorPerformance(RcmReportsCommon):
    """Actions, contacts, promises, collections, resolved cases and SLA breaches of a collector, and
    the targets beside them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.month = cls.today.replace(day=1)
        cls.inv_1 = cls._invoice(cls.customer, 800.0, 20)
        cls.inv_2 = cls._invoice(cls.customer, 200.0, 10)
        cls.case = cls.Case.search([("partner_id", "=", cls.customer.id), ("state", "!=", "resolved")])
        cls.case.write({"user_id": cls.collector.id, "team_id": cls.team_a.id})
        Call = cls.env["rcm.call.log"].with_user(cls.collector)
        Call.create({"case_id": cls.case.id, "outcome": "no_answer"})
        Call.create({"case_id": cls.case.id, "outcome": "reached"})
        Call.create(
            {
                "case_id": cls.case.id,
                "outcome": "promise",
                "promise_amount": 800.0,
                "promise_date": cls.today + timedelta(days=3),
            }
        )
        # an activity of the case whose deadline passed (an SLA breach)
        cls.case.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=cls.today - timedelta(days=1),
            user_id=cls.collector.id,
        )
        cls.Target = cls.env["rcm.collection.target"].with_user(cls.manager)
        cls.target = cls.Target.create(
            {"user_id": cls.collector.id, "date_from": cls.today, "target_amount": 2000.0, "target_calls": 5}
        )
        cls.team_target = cls.Target.create(
            {"team_id": cls.team_a.id, "date_from": cls.today, "target_amount": 4000.0}
        )

    def _rows(self, user=None):
        return (
            self.env["rcm.collector.performance"]
            .with_user(self.manager)
            .search([("user_id", "=", (user or self.collector).id)])
        )

    def _sum(self, rows, name):
        return sum(rows.mapped(name))

    def test_actions_and_promises(self):
        rows = self._rows()
        self.assertEqual(self._sum(rows, "calls"), 3)
        self.assertEqual(self._sum(rows, "contacts"), 2)
        self.assertEqual(self._sum(rows, "promises_taken"), 1)
        self.assertAlmostEqual(self._sum(rows, "amount_promised"), 800.0)
        self.assertEqual(self._sum(rows, "sla_breaches"), 1)
        self.assertEqual(self._sum(rows, "target_amount"), 2000.0, "the target counts once")

    def test_collected_kept_and_resolved(self):
        self._pay(self.inv_1)
        promise = self.case.promise_ids
        self.assertEqual(promise.state, "kept")
        self._pay(self.inv_2)
        self.assertEqual(self.case.state, "resolved")
        rows = self._rows()
        self.assertAlmostEqual(self._sum(rows, "amount_collected"), 1000.0)
        self.assertEqual(self._sum(rows, "promises_kept"), 1)
        self.assertEqual(self._sum(rows, "cases_resolved"), 1)
        # targets vs actuals, for the collector and the team
        self.target.invalidate_recordset()
        self.assertAlmostEqual(self.target.actual_amount, 1000.0)
        self.assertAlmostEqual(self.target.achievement, 50.0)
        self.assertEqual(self.target.actual_calls, 3)
        self.assertEqual(self.target.actual_resolved, 1)
        self.assertAlmostEqual(self.team_target.actual_amount, 1000.0)
        self.assertAlmostEqual(self.team_target.achievement, 25.0)

    def test_other_collector_sees_only_own_rows(self):
        self._pay(self.inv_1)
        own = self.env["rcm.collector.performance"].with_user(self.collector_2).search([])
        self.assertFalse(own.filtered(lambda r: r.user_id == self.collector))
        self.assertTrue(self.env["rcm.collector.performance"].with_user(self.collector).search([]))

    def test_target_rules(self):
        self.assertEqual(self.target.date_from, self.month)
        self.assertEqual(self.target.date_to, self.month + relativedelta(months=1, days=-1))
        with self.assertRaises(ValidationError):
            self.Target.create(
                {
                    "user_id": self.collector.id,
                    "team_id": self.team_a.id,
                    "date_from": self.month - timedelta(days=1),
                }
            )
        with self.assertRaises(ValidationError):
            self.Target.create({"date_from": self.month - timedelta(days=1)})
