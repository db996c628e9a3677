# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import RcmReportsCommon


@tagged("post_install", "-at_install")
class TestDashboard(RcmReportsCommon):
    """The manager dashboard's data: one call, a bounded number of queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(cls.customer, 1000.0, 45)
        cls._invoice(cls.customer_b, 300.0, 5)
        cls._invoice(cls.customer_b, 200.0, -10)
        cls.Case.search([("partner_id", "=", cls.customer.id)]).write(
            {"user_id": cls.collector.id, "team_id": cls.team_a.id}
        )
        cls._dispute([(cls._invoice(cls.customer, 150.0, 20), 150.0)])
        cls.env["rcm.collection.target"].with_user(cls.manager).create(
            {"user_id": cls.collector.id, "date_from": cls.today, "target_amount": 5000.0}
        )

    def _data(self, user=None):
        dashboard = self.env["rcm.dashboard"].with_user(user or self.manager)
        return dashboard.with_company(self.company).get_dashboard_data()

    def test_data(self):
        data = self._data()
        amounts = [bucket["amount"] for bucket in data["pipeline"]["buckets"]]
        self.assertEqual(amounts, [200.0, 450.0, 1000.0, 0.0, 0.0, 0.0])
        self.assertEqual(data["pipeline"]["customers_overdue"], 2)
        self.assertEqual(data["top_pending"][0]["partner"], "Northwind Logistics")
        queue = next(q for q in data["queues"] if q["user_id"] == self.collector.id)
        self.assertEqual(queue["cases"], 1)
        self.assertEqual(data["targets"][0]["name"], self.collector.name)
        self.assertEqual(data["disputes"][0]["count"], 1)
        self.assertEqual(len(data["dso_trend"]), 12)
        self.assertEqual(len(data["forecast"]["weeks"]), 13)

    def test_bounded_queries(self):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._data()
        self.assertLess(self.env.cr.sql_log_count - before, 60)

    def test_managers_only(self):
        with self.assertRaises(AccessError):
            self._data(self.collector)
