# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged

from .common import RcmReportsCommon


@tagged("post_install", "-at_install")
class TestAlerts(RcmReportsCommon):
    """Nightly alerts become activities for the collector, once per alert."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["rcm.alert"].sudo()
        cls.company.rcm_alert_user_id = cls.manager

    def _run(self):
        with patch("odoo.addons.base.models.ir_cron.IrCron._commit_progress", return_value=1.0):
            self.Alert._cron_detect()
        return self.Alert.search([("company_id", "=", self.company.id)])

    def _activities(self, record):
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("activity_type_id", "=", self.env.ref("rcm_reports.mail_activity_type_rcm_alert").id),
                ]
            )
        )

    def test_credit_limit_idempotent_cleared_and_raised_again(self):
        self.customer.with_company(self.company).credit_limit = 500.0
        invoice = self._invoice(self.customer, 800.0, 5)
        case = self._case()
        case.user_id = self.collector
        alerts = self._run()
        alert = alerts.filtered(lambda a: a.alert_type == "credit_limit")
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.user_id, self.collector)
        self.assertEqual(alert.case_id, case)
        self.assertEqual(len(self._activities(case)), 1)
        self.assertIn("Credit limit exceeded", alert.activity_id.summary)
        # the next night: nothing new
        self.assertEqual(self._run(), alerts)
        self.assertEqual(len(self._activities(case)), 1)
        # paid: the alert clears; a new breach raises a new alert
        self._pay(invoice)
        self._run()
        self.assertEqual(alert.state, "cleared")
        self._invoice(self.customer, 900.0, 3)
        self._run()
        open_alerts = self.Alert.search([("alert_type", "=", "credit_limit"), ("state", "=", "open")])
        self.assertEqual(len(open_alerts), 1)
        self.assertNotEqual(open_alerts, alert)

    def test_large_new_overdue_goes_to_the_team_leader(self):
        invoice = self._invoice(self.customer_b, 20000.0, 3)
        self._invoice(self.customer_b, 20000.0, 30)  # overdue for a month: not new
        self._case(self.customer_b).write({"user_id": False, "team_id": self.team_a.id})
        alerts = self._run().filtered(lambda a: a.alert_type == "large_overdue")
        self.assertEqual(alerts.move_id, invoice)
        self.assertEqual(alerts.user_id, self.manager, "team leader")
        self.assertEqual(self._run().filtered(lambda a: a.alert_type == "large_overdue"), alerts)

    def test_broken_promise(self):
        self._invoice(self.customer, 300.0, 10)
        promise = (
            self.env["rcm.promise"]
            .sudo()
            .create(
                {
                    "partner_id": self.customer.id,
                    "amount": 300,
                    "promised_date": self.today + timedelta(days=2),
                }
            )
        )
        promise.write({"state": "broken", "date_closed": self.today})
        alert = self._run().filtered(lambda a: a.alert_type == "broken_promise")
        self.assertEqual(alert.promise_id, promise)
        self.assertEqual(alert.user_id, self.manager, "no collector nor team leader: the alerts manager")
        self.assertTrue(alert.activity_id)

    def test_paying_later_than_usual(self):
        today = self.today
        # paid 5 days late 10 months ago, 40 days late 2 months ago
        old = self._invoice(self.customer, 100.0, 305)
        self._pay(old, date=today - timedelta(days=300))
        recent = self._invoice(self.customer, 100.0, 100)
        self._pay(recent, date=today - timedelta(days=60))
        row = self._row()
        self.assertEqual((row.avg_days_late_previous, row.avg_days_late_recent), (5.0, 40.0))
        alert = self._run().filtered(lambda a: a.alert_type == "late_trend")
        self.assertEqual(alert.partner_id, self.customer)
        self.assertFalse(alert.case_id, "nothing overdue: no case")
        self.assertEqual(self._activities(self.customer).summary, alert.name)
