# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RcmDunningCommon


@tagged("post_install", "-at_install")
class TestPortal(RcmDunningCommon, HttpCase):
    """Portal users see their own statement and letters, never another customer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.maria = cls.customer.child_ids.filtered(lambda c: c.name == "Maria Keller")
        cls.portal_user = new_test_user(
            cls.env,
            "rcm_portal",
            groups="base.group_portal",
            partner_id=cls.maria.id,
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.other_contact = cls.env["res.partner"].create(
            {"name": "Contoso Buyer", "parent_id": cls.customer_b.id, "email": "buyer@contoso.example.com"}
        )
        cls.other_user = new_test_user(
            cls.env,
            "rcm_portal_other",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.invoice = cls._invoice(cls.customer, 500, 10)
        cls.other_invoice = cls._invoice(cls.customer_b, 700, 12)
        run = cls.Run.create({"company_id": cls.company.id})
        run.action_start()
        cls.comm = run.communication_ids.filtered(lambda c: c.partner_id == cls.customer)
        cls.other_comm = run.communication_ids.filtered(lambda c: c.partner_id == cls.customer_b)

    def test_records_of_the_own_customer_only(self):
        comms = self.env["rcm.dunning.communication"].with_user(self.portal_user)
        self.assertEqual(comms.search([]), self.comm)
        self.assertEqual(comms.search([]).line_ids.move_id, self.invoice)
        with self.assertRaises(AccessError):
            self.other_comm.with_user(self.portal_user).check_access("read")
        self.assertEqual(comms.with_user(self.other_user).search([]), self.other_comm)

    def test_portal_pages(self):
        self.authenticate("rcm_portal", "rcm_portal")
        page = self.url_open("/my/dunning").text
        self.assertIn(self.comm.name, page)
        self.assertNotIn(self.other_comm.name, page)
        detail = self.url_open(f"/my/dunning/{self.comm.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn(self.invoice.name, detail.text)
        other = self.url_open(f"/my/dunning/{self.other_comm.id}", allow_redirects=False)
        self.assertEqual(other.status_code, 303, "another customer's letter: back to /my")
        statement = self.url_open("/my/statement").text
        self.assertIn(self.invoice.name, statement)
        self.assertNotIn(self.other_invoice.name, statement)
        pdf = self.url_open("/my/statement/pdf")
        self.assertEqual(pdf.status_code, 200)
        letter = self.url_open(f"/my/dunning/{self.comm.id}?report_type=pdf&download=true")
        self.assertEqual(letter.status_code, 200)

    def test_link_of_the_email_works_without_login(self):
        url = self.comm.get_portal_url()
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.invoice.name, page.text)
        wrong = self.url_open(f"/my/dunning/{self.comm.id}?access_token=wrong", allow_redirects=False)
        self.assertEqual(wrong.status_code, 303)
