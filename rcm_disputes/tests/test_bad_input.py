# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input as an RPC client sends it (ORM calls as the collector, the manager, a portal user; the portal
routes): each gives a clear error of the expected class and writes nothing."""

from datetime import timedelta

from odoo import Command, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .test_portal import RcmDisputesPortalCommon


class RcmBadInputCommon(RcmDisputesPortalCommon):
    def _snapshot(self):
        """What a refused call must leave unchanged."""
        Line = self.env["rcm.dispute.line"].sudo()
        return (
            self.Dispute.search_count([]),
            Line.search_count([]),
            self.Exclusion.with_context(active_test=False).search_count([]),
            self.env["account.move"].sudo().search_count([]),
            sorted(self.Dispute.search([]).mapped(lambda d: (d.id, d.stage_id.id, d.approval_state))),
            sorted(Line.search([]).mapped(lambda line: (line.id, line.amount, line.amount_accepted))),
        )


@tagged("post_install", "-at_install")
class TestBadInputOrm(RcmBadInputCommon):
    def test_bad_orm_inputs(self):
        invoice = self._invoice(self.customer, 1000, 10)
        other = self._invoice(self.customer_b, 500, 10)
        dispute = self._dispute([(invoice, 400)])
        waiting = self._dispute([(self._invoice(self.customer, 2000, 10), 900)])
        waiting.with_user(self.collector).action_write_off()
        portal_dispute = self.Dispute.with_user(self.portal_user)._rcm_portal_create(
            self._invoice(self.customer, 300, 10), {"reason_id": self.reason_pricing.id}, {"amount": 50}
        )
        resolved = self.env.ref("rcm_disputes.rcm_dispute_stage_resolved")
        approval = self.env["rcm.dispute.stage"]._get_stage("approval")
        as_collector = self.env["rcm.dispute"].with_user(self.collector)
        as_portal = self.env["rcm.dispute"].with_user(self.portal_user)

        def create_as(env_model, amount, **values):
            return lambda: env_model.create(
                {
                    "partner_id": self.customer.id,
                    "reason_id": self.reason_pricing.id,
                    "line_ids": [Command.create({"move_id": invoice.id, "amount": amount})],
                    **values,
                }
            )

        line = dispute.line_ids.with_user(self.collector)
        cases = [
            ("amount NaN", ValidationError, create_as(as_collector, float("nan"))),
            ("amount 'nan' text", ValidationError, create_as(as_collector, "nan")),
            ("amount infinite", ValidationError, create_as(as_collector, float("inf"))),
            ("amount huge", ValidationError, create_as(as_collector, 1e300)),
            ("amount negative", ValidationError, create_as(as_collector, -10.0)),
            (
                "raised in the future",
                ValidationError,
                create_as(as_collector, 10.0, date=self.today + timedelta(days=3)),
            ),
            ("accepted NaN", ValidationError, lambda: line.write({"amount_accepted": float("nan")})),
            ("accepted above disputed", ValidationError, lambda: line.write({"amount_accepted": 401})),
            ("accepted negative", ValidationError, lambda: line.write({"amount_accepted": -1})),
            ("line on another customer", ValidationError, lambda: line.write({"move_id": other.id})),
            ("created resolved", UserError, create_as(as_collector, 10.0, stage_id=resolved.id)),
            (
                "moved to approval by hand",
                UserError,
                lambda: dispute.with_user(self.collector).write({"stage_id": approval.id}),
            ),
            (
                "approval written by the collector",
                AccessError,
                lambda: dispute.with_user(self.collector).write({"approval_state": "approved"}),
            ),
            (
                "resolution written by the manager",
                AccessError,
                lambda: dispute.with_user(self.manager).write({"resolution": "write_off"}),
            ),
            (
                "frozen amount written by the manager",
                AccessError,
                lambda: waiting.with_user(self.manager).write({"approval_amount": 1.0}),
            ),
            ("collector approves", AccessError, lambda: waiting.with_user(self.collector).action_approve()),
            ("approve without request", UserError, lambda: dispute.with_user(self.manager).action_approve()),
            ("portal creates directly", AccessError, create_as(as_portal, 10.0)),
            (
                "portal writes own dispute",
                AccessError,
                lambda: portal_dispute.write({"description": "changed"}),
            ),
            ("portal credits own dispute", AccessError, lambda: portal_dispute.action_credit_note()),
            ("portal starts own dispute", AccessError, lambda: portal_dispute.action_start()),
            (
                "empty decision reason",
                UserError,
                lambda: (
                    self.env["rcm.dispute.decision.wizard"]
                    .with_user(self.collector)
                    .create({"dispute_ids": [Command.set(dispute.ids)], "decision": "reject", "note": " "})
                    .action_confirm()
                ),
            ),
        ]
        self.assertGreaterEqual(len(cases), 15)
        for label, error, call in cases:
            before = self._snapshot()
            with self.subTest(label), self.assertRaises(error):
                call()
            self.assertEqual(self._snapshot(), before, f"{label}: nothing was written")
        self.assertEqual((dispute.state, dispute.approval_state), ("new", "none"))
        self.assertEqual(waiting.approval_state, "to_approve")
        self.assertEqual(self._excluded(invoice), 400)


@tagged("post_install", "-at_install")
class TestBadInputPortal(RcmBadInputCommon, HttpCase):
    def test_bad_portal_inputs_are_bad_requests(self):
        invoice = self._invoice(self.customer, 1000, 20)
        self.authenticate("rcm_portal", "rcm_portal_pwd")
        url = f"/my/invoices/{invoice.id}/dispute"
        good = {"reason_id": str(self.reason_pricing.id), "amount": "100", "description": "Wrong price"}
        cases = [
            ("amount nan", {"amount": "nan"}),
            ("amount NaN", {"amount": "NaN"}),
            ("amount inf", {"amount": "inf"}),
            ("amount -inf", {"amount": "-inf"}),
            ("amount overflow", {"amount": "1e400"}),
            ("amount huge", {"amount": "1e13"}),
            ("amount negative", {"amount": "-5"}),
            ("amount zero", {"amount": "0"}),
            ("amount text", {"amount": "12abc"}),
            ("amount above the residual", {"amount": "1500"}),
            ("reason out of range", {"reason_id": "99999999999999999999"}),
            ("reason text", {"reason_id": "pricing"}),
            ("reason hidden from the portal", {"reason_id": str(self.reason_short.id)}),
            ("impossible date", {"date": "2026-02-30"}),
            ("flow field", {"stage_id": "1"}),
        ]
        for label, change in cases:
            before = self._snapshot()
            data = {**good, **change, "csrf_token": http.Request.csrf_token(self)}
            with self.subTest(label):
                response = self.url_open(url, data=data)
                self.assertEqual(response.status_code, 400, label)
                self.assertIn("o_rcm_dispute_error", response.text, "the form shows the message")
                self.assertEqual(self._snapshot(), before, f"{label}: nothing was written")
        for path in ("/my/invoices/99999999999/dispute", "/my/disputes/99999999999"):
            with self.subTest(path):
                response = self.url_open(path)
                self.assertLess(response.status_code, 500)
                self.assertTrue(response.url.endswith("/my"))
        self.assertFalse(self.Dispute.search([("line_ids.move_id", "=", invoice.id)]))
        # the good form still works
        done = self.url_open(url, data={**good, "csrf_token": http.Request.csrf_token(self)})
        self.assertEqual(done.status_code, 200)
        self.assertEqual(len(self.Dispute.search([("line_ids.move_id", "=", invoice.id)])), 1)
