# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RcmDisputesCommon


class RcmDisputesPortalCommon(RcmDisputesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.customer.child_ids.filtered(lambda c: c.name == "Maria Keller")
        cls.portal_user = new_test_user(
            cls.env,
            "rcm_portal",
            password="rcm_portal_pwd",
            groups="base.group_portal",
            partner_id=contact.id,
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        contact_b = cls.env["res.partner"].create({"name": "Lee B", "parent_id": cls.customer_b.id})
        cls.portal_user_b = new_test_user(
            cls.env,
            "rcm_portal_b",
            groups="base.group_portal",
            partner_id=contact_b.id,
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )


@tagged("post_install", "-at_install")
class TestPortalDisputes(RcmDisputesPortalCommon):
    """Customers raise disputes on their own invoices only and see only their own disputes."""

    def test_portal_user_disputes_own_invoice(self):
        invoice = self._invoice(self.customer, 1000, 20)
        invoice.invoice_user_id = self.salesperson
        dispute = self.Dispute.with_user(self.portal_user)._rcm_portal_create(
            invoice,
            {"reason_id": self.reason_damaged.id, "description": "Two boxes broken", "customer_ref": "RMA-7"},
            {"amount": 300},
            attachments=[("photo.txt", b"broken boxes")],
        )
        self.assertEqual(dispute.env.user, self.portal_user)
        self.assertEqual(dispute.partner_id, self.customer)
        self.assertEqual(dispute.amount_disputed, 300)
        self.assertEqual(dispute.sudo().owner_id, self.salesperson, "internal: read by the desk only")
        self.assertEqual(self._excluded(invoice), 300)
        self.assertEqual(self._case().amount_disputed, 300, "a collector sees it on the case")
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", "rcm.dispute"), ("res_id", "=", dispute.id)])
        )
        self.assertEqual(attachment.name, "photo.txt")
        message = dispute.sudo().message_ids.filtered(lambda m: m.attachment_ids)
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertIn(self.salesperson.partner_id, dispute.sudo().message_ids.notification_ids.res_partner_id)
        self.assertTrue(dispute.sudo().activity_ids.filtered(lambda a: a.user_id == self.salesperson))
        # the customer reads it, with its lines
        self.assertEqual(dispute.read(["name"])[0]["name"], dispute.sudo().name)
        self.assertEqual(dispute.line_ids.move_id, invoice)
        self.assertEqual(self.Dispute.with_user(self.portal_user).search([]), dispute)
        self.assertEqual(dispute.access_url, f"/my/disputes/{dispute.id}")

    def test_portal_user_cannot_see_nor_dispute_for_another_customer(self):
        invoice_b = self._invoice(self.customer_b, 500, 10)
        dispute_b = self._dispute([(invoice_b, 100)])
        as_portal = self.Dispute.with_user(self.portal_user)
        self.assertFalse(as_portal.search([]))
        with self.assertRaises(AccessError):
            dispute_b.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            dispute_b.line_ids.with_user(self.portal_user).read(["amount"])
        with self.assertRaises(AccessError):
            as_portal._rcm_portal_create(invoice_b, {"reason_id": self.reason_pricing.id})
        invoice = self._invoice(self.customer, 1000, 20)
        with self.assertRaisesText(AccessError, "stage_id"):
            as_portal._rcm_portal_create(invoice, {"reason_id": self.reason_pricing.id, "stage_id": 1})
        with self.assertRaises(AccessError):
            as_portal.create({"partner_id": self.customer.id, "reason_id": self.reason_pricing.id})
        with self.assertRaises(AccessError):
            self.env["rcm.dispute"].browse(dispute_b.id).with_user(self.portal_user).write(
                {"description": "x"}
            )
        with self.assertRaisesText(ValidationError, "exceeds"):
            as_portal._rcm_portal_create(invoice, {"reason_id": self.reason_pricing.id}, {"amount": 5000})
        with self.assertRaisesText(ValidationError, "reason"):
            as_portal._rcm_portal_create(invoice, {"reason_id": self.reason_short.id})
        self.assertFalse(self.Dispute.search([("line_ids.move_id", "=", invoice.id)]), "nothing was created")


@tagged("post_install", "-at_install")
class TestPortalControllers(RcmDisputesPortalCommon, HttpCase):
    """The portal pages: the form, its errors, the submission with an attachment, the lists."""

    def test_dispute_form_and_pages(self):
        invoice = self._invoice(self.customer, 1000, 20)
        invoice_b = self._invoice(self.customer_b, 500, 10)
        dispute_b = self._dispute([(invoice_b, 100)])
        self.authenticate("rcm_portal", "rcm_portal_pwd")
        page = self.url_open(f"/my/invoices/{invoice.id}")
        self.assertIn("Dispute this invoice", page.text)
        form = self.url_open(f"/my/invoices/{invoice.id}/dispute")
        self.assertEqual(form.status_code, 200)
        self.assertIn('name="reason_id"', form.text)
        self.assertNotIn("Short Payment", form.text, "reasons hidden from the portal are not offered")
        url = f"/my/invoices/{invoice.id}/dispute"
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "reason_id": self.reason_pricing.id,
            "amount": "1500",
            "description": "Wrong price",
        }
        refused = self.url_open(url, data=data)
        self.assertIn("exceeds what is still open", refused.text)
        self.assertFalse(self.Dispute.search([("line_ids.move_id", "=", invoice.id)]), "no partial write")
        data["amount"] = "250"
        done = self.url_open(url, data=data, files={"attachments": ("quote.pdf", b"%PDF-1.4 quote")})
        dispute = self.Dispute.search([("line_ids.move_id", "=", invoice.id)])
        self.assertEqual(len(dispute), 1)
        self.assertTrue(done.url.endswith(f"/my/disputes/{dispute.id}?created=1"))
        self.assertIn(dispute.name, done.text)
        self.assertEqual(dispute.amount_disputed, 250)
        self.assertEqual(dispute.message_attachment_count, 1)
        listing = self.url_open("/my/disputes")
        self.assertIn(dispute.name, listing.text)
        self.assertNotIn(dispute_b.name, listing.text)
        invoices = self.url_open("/my/invoices")
        self.assertIn("o_rcm_disputed_badge", invoices.text)
        # another customer's dispute or invoice: back to /my
        other = self.url_open(f"/my/disputes/{dispute_b.id}")
        self.assertTrue(other.url.endswith("/my"))
        other = self.url_open(f"/my/invoices/{invoice_b.id}/dispute")
        self.assertTrue(other.url.endswith("/my"))
