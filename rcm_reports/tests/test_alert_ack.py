# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RcmReportsCommon


@tagged("post_install", "-at_install")
class TestAlertAck(RcmReportsCommon):
    """Alerts can be acknowledged (with a note) or dismissed by the notified user or a manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["rcm.alert"].sudo()
        cls.company.rcm_alert_user_id = cls.manager

    def _run(self):
        with patch("odoo.addons.base.models.ir_cron.IrCron._commit_progress", return_value=1.0):
            self.Alert._cron_detect()
        return self.Alert.search([("company_id", "=", self.company.id)])

    def _credit_limit_alert(self):
        self.customer.with_company(self.company).credit_limit = 500.0
        invoice = self._invoice(self.customer, 800.0, 5)
        case = self._case()
        case.write({"user_id": self.collector.id, "team_id": self.team_a.id})
        alert = self._run().filtered(lambda a: a.alert_type == "credit_limit")
        self.assertEqual(alert.user_id, self.collector)
        self.assertTrue(alert.activity_id)
        return alert, invoice, case

    def _handle(self, alert, user, mode, note):
        action = getattr(
            alert.with_user(user), f"action_{'acknowledge' if mode == 'acknowledge' else 'dismiss'}"
        )()
        wizard = self.env["rcm.acknowledge.wizard"].with_user(user).with_context(**action["context"])
        return wizard.create({"note": note}).action_confirm()

    def test_acknowledge_with_a_note_marks_the_activity_done(self):
        alert, _invoice, case = self._credit_limit_alert()
        activity = alert.activity_id
        with self.assertRaises(UserError):
            self._handle(alert, self.collector, "acknowledge", "")
        self.assertEqual(alert.state, "open", "no note: nothing written")
        self._handle(alert, self.collector, "acknowledge", "Limit raised by the CFO until January")
        self.assertEqual(alert.state, "acknowledged")
        self.assertEqual(alert.ack_user_id, self.collector)
        self.assertIn("CFO", alert.ack_note)
        self.assertFalse(activity.active, "the alert's activity is done (archived by Odoo)")
        self.assertTrue(activity.date_done)
        self.assertIn("CFO", activity.feedback)
        log = case.message_ids.filtered(lambda m: "Alert acknowledged" in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertIn("CFO", log.body)
        # the cause persists: not raised again
        self.assertEqual(self._run().filtered(lambda a: a.alert_type == "credit_limit"), alert)
        self.assertEqual(alert.state, "acknowledged")

    def test_dismissed_alert_not_raised_again_until_its_cause_comes_back(self):
        alert, invoice, case = self._credit_limit_alert()
        self._handle(alert, self.manager, "dismiss", "")
        self.assertEqual(alert.state, "dismissed")
        self.assertEqual(alert.ack_user_id, self.manager, "a manager may handle any alert")
        self.assertFalse(alert.activity_id.active, "done")
        self.assertTrue(case.message_ids.filtered(lambda m: "Alert dismissed" in (m.body or "")))
        self._run()
        self.assertEqual(
            self.Alert.search([("alert_type", "=", "credit_limit"), ("state", "!=", "cleared")]),
            alert,
            "dismissed while its cause lasts: no new alert",
        )
        # the cause clears, then comes back: a new alert
        self._pay(invoice)
        self._run()
        self.assertEqual(alert.state, "cleared")
        self._invoice(self.customer, 900.0, 3)
        new = self._run().filtered(lambda a: a.alert_type == "credit_limit" and a.state == "open")
        self.assertEqual(len(new), 1)
        self.assertNotEqual(new, alert)
        self.assertTrue(new.activity_id.active)

    def test_only_the_notified_user_or_a_manager(self):
        alert, _invoice, _case = self._credit_limit_alert()
        with self.assertRaises(AccessError):
            alert.with_user(self.collector_2).action_acknowledge()
        wizard = (
            self.env["rcm.acknowledge.wizard"]
            .with_user(self.collector_2)
            .create({"res_model": "rcm.alert", "res_ids": str(alert.id), "mode": "dismiss", "note": "x"})
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        with self.assertRaises(AccessError):
            alert.with_user(self.collector).write({"state": "dismissed"})
        self.assertEqual(alert.state, "open")
        self.assertTrue(alert.activity_id.active)
        # handled alerts cannot be acknowledged twice
        self._handle(alert, self.collector, "acknowledge", "Done")
        with self.assertRaises(UserError):
            alert.with_user(self.collector).action_acknowledge()
