# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import html2plaintext
from odoo.tools.misc import format_date
from odoo.tools.pdf import PdfReader

from .common import RcmDunningCommon


def flat(text):
    """Text with every run of white space (non-breaking spaces included) as one space, without the
    marks of html2plaintext (``*bold*``) nor the spaces it leaves inside parentheses."""
    text = text.replace("*", "").replace("\ufeff", "")
    text = " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())
    return text.replace("( ", "(").replace(" )", ")").replace(" ,", ",")


@tagged("post_install", "-at_install")
class TestCustomerDocuments(RcmDunningCommon, HttpCase):
    """What the customer reads from dunning: emails, SMS, letters (PDF), the statement and the portal
    list the collectible overdue items with one total per invoice currency, the disputed, promised and
    coming-due items and the credits apart; charges are invoiced in the currency of the items.

    The company is in EUR, the second currency USD."""

    @classmethod
    def setup_independent_company(cls, **kwargs):
        eur = cls.env.ref("base.EUR")
        eur.active = True
        return super().setup_independent_company(currency_id=eur.id, **kwargs)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the second currency: 1 EUR = 2 USD
        if cls.company.currency_id.name != "EUR":
            raise AssertionError(f"the test company should be in EUR, not {cls.company.currency_id.name}")
        cls.other = cls.setup_other_currency("USD", rates=[("2000-01-01", 2.0)])
        cls.maria = cls.customer.child_ids.filtered(lambda c: c.name == "Maria Keller")
        cls.portal_user = new_test_user(
            cls.env,
            "rcm_portal_docs",
            groups="base.group_portal",
            partner_id=cls.maria.id,
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.inv_old = cls._invoice(cls.customer, 1000, 40)
        cls.inv_recent = cls._invoice(cls.customer, 200, 10)
        cls.inv_other = cls._invoice(cls.customer, 300, 20, currency=cls.other)
        cls.inv_disputed = cls._invoice(cls.customer, 400, 15)
        cls.inv_promised = cls._invoice(cls.customer, 500, 5)
        cls.inv_future = cls._invoice(cls.customer, 600, -10)
        cls.refund = cls._invoice(cls.customer, 70, 3, move_type="out_refund")
        cls.env["rcm.collection.exclusion"].sudo()._set_exclusion(
            cls.inv_disputed, cls.inv_disputed, 400, "dispute", note="wrong quantity"
        )
        cls.promise_date = cls.today + timedelta(days=10)
        cls.env["rcm.promise"].sudo().create(
            {
                "case_id": cls.Case.search([("partner_id", "=", cls.customer.id)]).id,
                "amount": 500,
                "promised_date": cls.promise_date,
                "invoice_ids": [Command.set(cls.inv_promised.ids)],
            }
        )
        cls._follow_ledger()
        case = cls.Case.search([("partner_id", "=", cls.customer.id), ("state", "!=", "resolved")])
        # a final demand (fee 15, statutory interest, compensation 40) as a letter: printed, so
        # delivered at once and its charges posted
        cls.comm = cls.Communication._create_for_cases(case, cls.level_3, channels=["letter"])

    # ------------------------------------------------------------------
    def _fmt(self, currency, amount):
        return flat(currency.format(amount))

    def _assert_sections(self, text, what):
        """``text`` lists the collectible items first with their totals per currency, then apart the
        disputed, promised (with the date), coming-due items and the credit."""
        text = flat(text)
        company_currency = self.company.currency_id
        overdue_part, sep, rest = text.partition("Under review")
        self.assertTrue(sep, f"{what}: the disputed item is shown apart")
        for invoice in (self.inv_old, self.inv_recent, self.inv_other):
            self.assertIn(invoice.name, overdue_part, what)
        for invoice in (self.inv_disputed, self.inv_promised, self.inv_future, self.refund):
            self.assertNotIn(invoice.name, overdue_part, f"{what}: {invoice.name} is not collectible")
            self.assertIn(invoice.name, rest, what)
        self.assertIn(
            f"Total overdue ({company_currency.name}) {self._fmt(company_currency, 1200.0)}", overdue_part
        )
        self.assertIn(f"Total overdue ({self.other.name}) {self._fmt(self.other, 300.0)}", overdue_part)
        promised = format_date(self.env, self.promise_date, date_format="d MMM y")
        self.assertIn(f"promised for {promised}", rest, what)
        self.assertIn("Coming due", rest, what)
        self.assertIn("Unapplied credits", rest, what)
        # never converted nor summed with what is not collectible
        for wrong in (150.0, 1350.0, 1600.0, 2100.0, 2700.0, 1130.0):
            self.assertNotIn(self._fmt(company_currency, wrong), text, what)

    def _pdf_text(self, report_ref, records, data=None):
        """The text of the real PDF of ``report_ref``: the pages wkhtmltopdf printed, as it received
        them (its web fonts are drawn as paths, so the text cannot be read back from the PDF file)."""
        report_model = type(self.env["ir.actions.report"])
        printed = []
        run = report_model._run_wkhtmltopdf

        def spy(report, bodies, *args, **kwargs):
            printed.extend(bodies)
            return run(report, bodies, *args, **kwargs)

        with patch.object(report_model, "_run_wkhtmltopdf", spy):
            content, report_type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report_ref, records.ids, data=data)
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), "a real PDF")
        self.assertEqual(len(PdfReader(io.BytesIO(content)).pages) >= 1, True)
        self.assertTrue(printed, "wkhtmltopdf printed the pages")
        return "\n".join(html2plaintext(body if isinstance(body, str) else body.decode()) for body in printed)

    # ------------------------------------------------------------------
    def test_charges_in_the_currency_of_the_items(self):
        comm = self.comm
        self.assertEqual(comm.state, "sent")
        fees = comm.fee_ids
        self.assertEqual(
            fees.move_id, self.inv_old | self.inv_recent | self.inv_other, "collectible items only"
        )
        other_fees = fees.filtered(lambda f: f.move_id == self.inv_other)
        self.assertEqual(other_fees.currency_id, self.other, "never a company-currency fee on a foreign item")
        self.assertEqual((fees - other_fees).currency_id, self.company.currency_id)
        by_kind = {fee.kind: fee for fee in other_fees}
        # the level's fixed amounts (company currency) at the rate of the day: 15 -> 30, 40 -> 80
        self.assertAlmostEqual(by_kind["fee"].amount, 30.0)
        self.assertAlmostEqual(by_kind["compensation"].amount, 80.0)
        # interest on the item's own balance: 300 x 10.15 % x 20 / 365 = 1.668... -> 1.67
        self.assertAlmostEqual(by_kind["interest"].amount, 1.67)
        self.assertAlmostEqual(by_kind["fee"].amount_company, 15.0)
        # one charges invoice per currency, each in the currency of its items
        invoices = comm.fee_invoice_ids
        self.assertEqual(len(invoices), 2)
        self.assertEqual(invoices.mapped("state"), ["posted", "posted"])
        by_currency = {invoice.currency_id: invoice for invoice in invoices}
        self.assertEqual(set(by_currency), {self.company.currency_id, self.other})
        self.assertAlmostEqual(by_currency[self.other].amount_total, 111.67)
        self.assertEqual(by_currency[self.other].invoice_line_ids.mapped("price_unit"), [30.0, 1.67, 80.0])
        # 1 000: 15 + 11.12 + 40; 200: 15 + 0.56 + 40
        self.assertAlmostEqual(by_currency[self.company.currency_id].amount_total, 121.68)
        self.assertEqual(comm.fee_invoice_id, by_currency[self.company.currency_id])
        # in company currency, each charge converted: 121.68 + 15 + 0.84 + 40
        self.assertAlmostEqual(comm.amount_fees, 177.52)
        # nothing charged twice: posting again, or the same level again, charges nothing more
        self.assertEqual(comm._post_fees(), invoices)
        again = self.Communication._create_for_cases(self._case(), self.level_3, channels=["letter"])
        self.assertFalse(again.fee_ids)
        self.assertEqual(self.Fee.search_count([("move_id", "in", fees.move_id.ids)]), len(fees))

    def test_charge_without_currency_is_in_company_currency(self):
        # what charges recorded before they had a currency of their own get (they were in it)
        fee = self.Fee.sudo().create(
            {
                "communication_id": self.comm.id,
                "move_id": self.inv_other.id,
                "level_id": self.level_1.id,
                "kind": "fee",
                "amount": 5.0,
            }
        )
        self.assertEqual(fee.currency_id, self.company.currency_id)
        self.assertAlmostEqual(fee.amount_company, 5.0)

    def test_email_sms_and_letter_bodies(self):
        comm = self.comm.with_user(self.collector)
        for xmlid in (
            "rcm_dunning.mail_template_rcm_dunning_reminder",
            "rcm_dunning.mail_template_rcm_dunning_final",
        ):
            template = self.env.ref(xmlid).with_user(self.collector)
            body = html2plaintext(template._render_field("body_html", comm.ids)[comm.id])
            self._assert_sections(body, xmlid)
            # the charges, one total per currency
            self.assertIn(self._fmt(self.other, 111.67), flat(body), xmlid)
            self.assertIn(self._fmt(self.company.currency_id, 121.68), flat(body), xmlid)
        sms = self.env.ref("rcm_dunning.sms_template_rcm_dunning_reminder")
        text = flat(sms._render_field("body", comm.ids)[comm.id])
        self.assertIn(
            f"{self._fmt(self.company.currency_id, 1200.0)} and {self._fmt(self.other, 300.0)} overdue", text
        )
        for wrong in (1350.0, 1600.0, 2100.0, 1130.0, 400.0, 500.0, 600.0):
            self.assertNotIn(self._fmt(self.company.currency_id, wrong), text)
        # the letter, as printed (PDF text) and as HTML
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("rcm_dunning.action_report_rcm_dunning_letter", self.comm.ids)[0]
            .decode()
        )
        self._assert_sections(html2plaintext(html), "letter (HTML)")
        pdf = flat(self._pdf_text("rcm_dunning.action_report_rcm_dunning_letter", self.comm))
        self._assert_sections(pdf, "letter (PDF)")
        self.assertIn(self._fmt(self.other, 30.0), pdf, "the fee on the foreign item, in its currency")

    def test_nothing_collectible_no_overdue_text(self):
        exclusions = self.env["rcm.collection.exclusion"].sudo()
        for invoice in self.inv_old | self.inv_recent | self.inv_other:
            exclusions._set_exclusion(invoice, invoice, invoice.amount_residual, "dunning_block")
        sms = self.env.ref("rcm_dunning.sms_template_rcm_dunning_reminder")
        text = flat(sms._render_field("body", self.comm.ids)[self.comm.id])
        self.assertIn("Nothing is overdue on your account", text)
        self.assertNotIn("Please pay", text)
        template = self.env.ref("rcm_dunning.mail_template_rcm_dunning_reminder").with_user(self.collector)
        body = flat(html2plaintext(template._render_field("body_html", self.comm.ids)[self.comm.id]))
        self.assertNotIn("Total overdue", body)
        self.assertNotIn("Please pay", body)
        self.assertNotIn("past due", body)
        self.assertIn("nothing is asked from you today", body)
        self.assertIn("On hold", body)
        template = self.env.ref("rcm_dunning.mail_template_rcm_dunning_final").with_user(self.collector)
        body = flat(html2plaintext(template._render_field("body_html", self.comm.ids)[self.comm.id]))
        self.assertNotIn("remain unpaid", body)
        self.assertNotIn("legal recovery", body)
        letter = flat(self._pdf_text("rcm_dunning.action_report_rcm_dunning_letter", self.comm))
        self.assertIn("Nothing is overdue", letter)
        self.assertIn("nothing is asked from you today", letter)
        self.assertNotIn("Please pay", letter)
        self.assertNotIn("pursue the recovery", letter)

    def test_statement_pdf(self):
        data = {"date_from": str(self.today - timedelta(days=365)), "date_to": str(self.today)}
        pdf = self._pdf_text("rcm_dunning.action_report_rcm_customer_statement", self.customer, data=data)
        self._assert_sections(pdf.split("Account Activity")[0], "statement (PDF)")

    def test_portal_pages(self):
        self.authenticate("rcm_portal_docs", "rcm_portal_docs")
        statement = flat(html2plaintext(self.url_open("/my/statement").text))
        self.assertIn(
            f"Overdue: {self._fmt(self.company.currency_id, 1200.0)}, {self._fmt(self.other, 300.0)}",
            statement,
        )
        self._assert_sections(
            statement.split("Overdue: ")[1].split("Account Activity")[0], "portal statement"
        )
        detail = flat(html2plaintext(self.url_open(f"/my/dunning/{self.comm.id}").text))
        self.assertIn(
            f"Please pay {self._fmt(self.company.currency_id, 1200.0)} and {self._fmt(self.other, 300.0)}",
            detail,
        )
        self._assert_sections(detail, "portal reminder")
        listing = flat(html2plaintext(self.url_open("/my/dunning").text))
        self.assertIn(self.comm.name, listing)
        self.assertIn(self._fmt(self.other, 300.0), listing, "what the reminder asked, per currency")
        self.assertIn(self._fmt(self.company.currency_id, 1200.0), listing)
