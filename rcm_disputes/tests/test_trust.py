# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..hooks import uninstall_hook
from .test_portal import RcmDisputesPortalCommon


@tagged("post_install", "-at_install")
class TestApprovalThreshold(RcmDisputesPortalCommon):
    """The approval threshold applies to every settlement that reduces a receivable, cumulated per
    invoice, on the amount actually approved (threshold 500 in the fixture)."""

    def _approval_activities(self, dispute):
        approval_type = self.env.ref("rcm_disputes.mail_activity_type_rcm_dispute_approval")
        return dispute.activity_ids.filtered(lambda a: a.activity_type_id == approval_type)

    def test_credit_note_above_threshold_waits_for_approval(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 800)])
        dispute.with_user(self.collector).action_credit_note()
        self.assertEqual((dispute.state, dispute.approval_state), ("approval", "to_approve"))
        self.assertEqual(dispute.approval_resolution, "credit_note")
        self.assertFalse(dispute.resolution_move_ids, "nothing posted before the approval")
        self.assertAlmostEqual(invoice.amount_residual, 1000)
        self.assertTrue(self._approval_activities(dispute))
        dispute.with_user(self.manager).action_approve()
        self.assertEqual((dispute.state, dispute.resolution), ("resolved", "credit_note"))
        self.assertEqual(dispute.resolution_move_ids.move_type, "out_refund")
        self.assertAlmostEqual(invoice.amount_residual, 200)

    def test_threshold_is_cumulated_per_invoice(self):
        invoice = self._invoice(self.customer, 1000, 10)
        first = self._dispute([(invoice, 300)])
        first.with_user(self.collector).action_write_off()
        self.assertEqual(first.state, "resolved", "300: below the threshold")
        second = self._dispute([(invoice, 300)], reason=self.reason_damaged)
        self.assertTrue(second.needs_approval, "300 + the 300 already written off exceed 500")
        second.with_user(self.collector).action_credit_note()
        self.assertEqual((second.state, second.approval_state), ("approval", "to_approve"))
        self.assertFalse(second.resolution_move_ids)
        self.assertAlmostEqual(invoice.amount_residual, 700)
        # another invoice of the customer is counted on its own
        other = self._invoice(self.customer, 1000, 10)
        third = self._dispute([(other, 300)])
        self.assertFalse(third.needs_approval)

    def test_total_of_several_invoices_still_counts(self):
        one, two = self._invoice(self.customer, 1000, 10), self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(one, 300), (two, 300)])
        dispute.with_user(self.collector).action_write_off()
        self.assertEqual(dispute.state, "approval", "600 in total exceed 500")

    def test_amount_changed_while_waiting_is_requested_again(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 900)])
        dispute.line_ids.amount_accepted = 600
        dispute.with_user(self.collector).action_write_off()
        self.assertAlmostEqual(dispute.approval_amount, 600)
        # the collector raises the accepted amount after the request
        dispute.line_ids.with_user(self.collector).amount_accepted = 900
        self.assertEqual((dispute.state, dispute.approval_state), ("approval", "to_approve"))
        self.assertAlmostEqual(dispute.approval_amount, 900, msg="the new amount is the one to approve")
        self.assertIn("requested again", dispute.message_ids[:2].mapped("body")[1])
        self.assertEqual(len(self._approval_activities(dispute)), 1, "one request, the new one")
        # the manager approves what is posted
        dispute.with_user(self.manager).action_approve()
        self.assertAlmostEqual(dispute.resolution_move_ids.line_ids.filtered("debit").debit, 900)
        self.assertAlmostEqual(invoice.amount_residual, 100)

    def test_approval_of_a_stale_amount_is_refused(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 800)])
        dispute.with_user(self.collector).action_write_off()
        # even if the amount changed behind the flow's back (SQL, an extension), nothing is posted
        dispute.line_ids.flush_recordset()
        self.env.cr.execute(
            "UPDATE rcm_dispute_line SET amount_accepted = 799, amount_accepted_company = 799 WHERE id = %s",
            dispute.line_ids.ids,
        )
        self.env.cr.execute(
            "UPDATE rcm_dispute SET amount_accepted_company = 799 WHERE id = %s", [dispute.id]
        )
        self.env.invalidate_all()
        with self.assertRaisesText(UserError, "is not the amount whose approval was requested"):
            dispute.with_user(self.manager).action_approve()
        self.assertFalse(dispute.resolution_move_ids)


@tagged("post_install", "-at_install")
class TestWorkflowFields(RcmDisputesPortalCommon):
    """Approval, resolution and stage fields are the flow's: no client writes them over RPC."""

    def test_workflow_fields_refused_over_rpc(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 800)])
        as_collector = dispute.with_user(self.collector)
        as_manager = dispute.with_user(self.manager)
        for vals in (
            {"approval_state": "approved"},
            {"approval_user_id": self.manager.id},
            {"approval_amount": 1.0},
            {"resolution": "credit_note"},
            {"validity": "valid"},
            {"sla_overdue": True},
            {"date_closed": self.today},
        ):
            for record in (as_collector, as_manager):
                with self.subTest(vals=vals, user=record.env.user.login):
                    with self.assertRaisesText(AccessError, "set by the collections workflow"):
                        record.write(vals)
        with self.assertRaises(AccessError):
            dispute.line_ids.with_user(self.manager).write({"resolution_move_id": invoice.id})
        self.assertEqual((dispute.approval_state, dispute.resolution), ("none", False))
        self.assertFalse(dispute.line_ids.resolution_move_id)

    def test_context_key_no_longer_opens_the_stages(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 800)])
        resolved = self.env.ref("rcm_disputes.rcm_dispute_stage_resolved")
        with self.assertRaisesText(UserError, "by hand"):
            dispute.with_user(self.collector).with_context(rcm_dispute_flow=True).write(
                {"stage_id": resolved.id}
            )
        with self.assertRaisesText(UserError, "is closed"):
            dispute._rcm_decide("reject", "No")
            dispute.line_ids.with_user(self.collector).with_context(rcm_dispute_flow=True).amount = 10
        self.assertEqual(dispute.state, "new")

    def test_create_in_a_closing_stage_or_with_flow_defaults(self):
        invoice = self._invoice(self.customer, 1000, 10)
        resolved = self.env.ref("rcm_disputes.rcm_dispute_stage_resolved")
        approval = self.env["rcm.dispute.stage"]._get_stage("approval")
        before = self.Dispute.search_count([])
        for stage in (resolved, approval):
            with self.subTest(stage=stage.name), self.assertRaisesText(UserError, "cannot be raised"):
                self._dispute([(invoice, 100)], stage_id=stage.id)
        with self.assertRaisesText(UserError, "cannot be raised"):
            self.Dispute.with_user(self.collector).with_context(default_stage_id=resolved.id).create(
                {
                    "partner_id": self.customer.id,
                    "reason_id": self.reason_pricing.id,
                    "line_ids": [Command.create({"move_id": invoice.id, "amount": 100})],
                }
            )
        with self.assertRaisesText(AccessError, "set by the collections workflow"):
            self.Dispute.with_user(self.collector).with_context(
                default_approval_state="approved", default_resolution="write_off"
            ).create(
                {
                    "partner_id": self.customer.id,
                    "reason_id": self.reason_pricing.id,
                    "line_ids": [Command.create({"move_id": invoice.id, "amount": 100})],
                }
            )
        with self.assertRaisesText(AccessError, "set by the collections workflow"):
            self._dispute([(invoice, 100)], approval_state="approved")
        self.assertEqual(self.Dispute.search_count([]), before)
        self.assertFalse(self._excluded(invoice))

    def test_portal_user_cannot_run_the_flow_on_own_dispute(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self.Dispute.with_user(self.portal_user)._rcm_portal_create(
            invoice, {"reason_id": self.reason_pricing.id}, {"amount": 100}
        )
        for method in ("action_start", "action_credit_note", "action_write_off", "action_approve"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(dispute, method)()
        self.assertEqual(dispute.sudo().state, "new")

    def test_kanban_move_between_working_stages_still_allowed(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 100)])
        dispute.with_user(self.collector).stage_id = self.env["rcm.dispute.stage"]._get_stage("open")
        self.assertEqual(dispute.state, "open")


@tagged("post_install", "-at_install")
class TestPortalFieldAccess(RcmDisputesPortalCommon):
    """Portal customers read their disputes, not the desk's internal fields."""

    INTERNAL_FIELDS = (
        "root_cause",
        "resolution_note",
        "owner_id",
        "task_force_ids",
        "approval_state",
        "approval_user_id",
        "approval_amount",
        "needs_approval",
        "validity",
        "payment_move_id",
        "resolution_move_ids",
        "sla_overdue",
    )

    def test_internal_fields_hidden_from_portal(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self.Dispute.with_user(self.portal_user)._rcm_portal_create(
            invoice, {"reason_id": self.reason_pricing.id}, {"amount": 100}
        )
        dispute.sudo().write({"root_cause": "pricing", "resolution_note": "Our price list was wrong"})
        for name in self.INTERNAL_FIELDS:
            with self.subTest(field=name), self.assertRaises(AccessError):
                dispute.read([name])
        with self.assertRaises(AccessError):
            dispute.search_read([], ["name", "root_cause"])
        with self.assertRaises(AccessError):
            dispute.line_ids.read(["resolution_move_id"])
        read = dispute.read(["name", "stage_id", "amount_disputed", "description"])[0]
        self.assertEqual(read["amount_disputed"], 100)
        self.assertNotIn("root_cause", dispute.fields_get(), "not even described to the portal")


@tagged("post_install", "-at_install")
class TestPortalPageStillRenders(RcmDisputesPortalCommon, HttpCase):
    def test_portal_pages_render_without_internal_fields(self):
        invoice = self._invoice(self.customer, 1000, 20)
        dispute = self.Dispute.with_user(self.portal_user)._rcm_portal_create(
            invoice, {"reason_id": self.reason_pricing.id, "description": "Wrong price"}, {"amount": 100}
        )
        dispute.sudo().write({"root_cause": "pricing", "resolution_note": "SECRET-NOTE"})
        dispute.sudo().with_user(self.collector).action_credit_note()
        self.authenticate("rcm_portal", "rcm_portal_pwd")
        page = self.url_open(f"/my/disputes/{dispute.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(dispute.sudo().name, page.text)
        self.assertIn("Credit Note", page.text)
        self.assertNotIn("SECRET-NOTE", page.text)
        listing = self.url_open("/my/disputes")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(dispute.sudo().name, listing.text)
        self.assertEqual(self.url_open(f"/my/invoices/{invoice.id}").status_code, 200)


@tagged("post_install", "-at_install")
class TestCopyOutsideCollections(RcmDisputesPortalCommon):
    """Odoo's own flows copy partners and invoices for users outside the collections groups."""

    def test_partner_and_invoice_copy_by_an_invoicing_user(self):
        billing = new_test_user(
            self.env,
            "rcm_billing",
            groups="account.group_account_invoice,base.group_partner_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.customer.sudo().rcm_dispute_task_force_ids = self.collector_2
        copy = self.customer.with_user(billing).copy()
        self.assertFalse(copy.sudo().rcm_dispute_task_force_ids, "the task force stays with the account")
        invoice = self._invoice(self.customer, 1000, 10)
        self._dispute([(invoice, 100)])
        invoice_copy = invoice.with_user(billing).copy()
        self.assertEqual(invoice_copy.state, "draft")
        self.assertFalse(invoice_copy.sudo().rcm_dispute_line_ids, "disputes stay with the invoice")


@tagged("post_install", "-at_install")
class TestUninstallHook(RcmDisputesPortalCommon):
    def test_uninstall_hook_releases_dispute_exclusions_only(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 400)])
        settled = self._invoice(self.customer, 500, 10)
        credited = self._dispute([(settled, 100)])
        credited.with_user(self.collector).action_credit_note()
        manual = self.Exclusion.create(
            {"move_id": invoice.id, "amount": 50, "reason": "other", "note": "set by hand"}
        )
        self.assertEqual(self._excluded(invoice), 400)
        residuals = (invoice.amount_residual, settled.amount_residual)
        uninstall_hook(self.env)
        self.assertFalse(
            self.Exclusion.with_context(active_test=False).search(
                [("source_ref", "=", f"rcm.dispute.line,{dispute.line_ids.id}")]
            )
        )
        self.assertFalse(self._excluded(invoice))
        self.assertTrue(manual.exists(), "exclusions of other sources stay")
        self.assertEqual((invoice.amount_residual, settled.amount_residual), residuals)
        self.assertEqual(credited.resolution_move_ids.state, "posted", "the accounting is left intact")
