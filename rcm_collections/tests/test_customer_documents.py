# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.tests import tagged
from odoo.tools import html2plaintext
from odoo.tools.misc import format_date

from .common import RcmCollectionsCommon


@tagged("post_install", "-at_install")
class TestCustomerDocuments(RcmCollectionsCommon):
    """What the customer reads: the strategy emails list the collectible overdue items with one total
    per invoice currency; disputed, promised, coming-due items and credits apart, never in the total.
    The company is in EUR, the second currency USD."""

    @classmethod
    def setup_independent_company(cls, **kwargs):
        eur = cls.env.ref("base.EUR")
        eur.active = True
        return super().setup_independent_company(currency_id=eur.id, **kwargs)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.company.currency_id.name != "EUR":
            raise AssertionError(f"the test company should be in EUR, not {cls.company.currency_id.name}")
        # the second currency: 1 EUR = 2 USD
        cls.other = cls.setup_other_currency("USD", rates=[("2000-01-01", 2.0)])
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

    def _names(self, statement, section):
        return [line.name for line in statement[section]["lines"]]

    def test_statement_sections(self):
        statement = self.env["rcm.customer.statement"]._get_statement(self.customer, self.company, self.today)
        company_currency = self.company.currency_id
        self.assertEqual(
            self._names(statement, "overdue"), [self.inv_old.name, self.inv_other.name, self.inv_recent.name]
        )
        self.assertEqual(statement["overdue"]["totals"], {company_currency: 1200.0, self.other: 300.0})
        self.assertEqual(self._names(statement, "under_review"), [self.inv_disputed.name])
        self.assertEqual(self._names(statement, "promised"), [self.inv_promised.name])
        self.assertEqual(statement["promised"]["lines"][0].date, self.promise_date)
        self.assertEqual(self._names(statement, "coming_due"), [self.inv_future.name])
        self.assertEqual(self._names(statement, "credits"), [self.refund.name])
        self.assertEqual(statement["credits"]["totals"], {company_currency: -70.0})
        self.assertTrue(statement["has_collectible"])

    def test_statement_ignores_documents_dated_after_the_day(self):
        before = self.today - timedelta(days=75)
        statement = self.env["rcm.customer.statement"]._get_statement(self.customer, self.company, before)
        self.assertFalse(statement["has_collectible"], "nothing was invoiced yet 75 days ago")
        self.assertFalse(any(statement[s]["lines"] for s in ("overdue", "coming_due", "credits")))

    def _render(self, xmlid, case):
        # rendered as the collector who sends it (strategy steps run as the cron's user)
        template = self.env.ref(xmlid).with_user(self.collector)
        return html2plaintext(template._render_field("body_html", case.ids)[case.id])

    def test_strategy_emails(self):
        case = self._case()
        for xmlid in (
            "rcm_collections.mail_template_rcm_reminder_friendly",
            "rcm_collections.mail_template_rcm_reminder_firm",
        ):
            text = self._render(xmlid, case)
            overdue_part, _sep, rest = text.partition("Under review")
            for invoice in (self.inv_old, self.inv_recent, self.inv_other):
                self.assertIn(invoice.name, overdue_part, xmlid)
            for invoice in (self.inv_disputed, self.inv_promised, self.inv_future, self.refund):
                self.assertNotIn(invoice.name, overdue_part, f"{xmlid}: {invoice.name} is not collectible")
                self.assertIn(invoice.name, rest, xmlid)
            company_currency = self.company.currency_id
            flat = " ".join(text.replace("\xa0", " ").split())
            overdue_flat = " ".join(overdue_part.replace("\xa0", " ").split())
            self.assertIn(f"Total overdue ({company_currency.name})", overdue_flat)
            self.assertIn(self._fmt(company_currency, 1200.0), overdue_flat)
            self.assertIn(f"Total overdue ({self.other.name})", overdue_flat)
            self.assertIn(self._fmt(self.other, 300.0), overdue_flat)
            # the second-currency item is in its own currency, never converted to the company's
            self.assertNotIn(self._fmt(company_currency, 150.0), flat)
            promised = format_date(self.env, self.promise_date, date_format="d MMM y")
            self.assertIn(f"promised for {promised}", " ".join(rest.split()))
            self.assertIn("Coming due", rest)
            self.assertIn("Unapplied credits", rest)
            for wrong in (1350.0, 1600.0, 2100.0, 2700.0, 1130.0):  # converted, excluded, coming due, credits
                self.assertNotIn(self._fmt(company_currency, wrong), flat)

    def _fmt(self, currency, amount):
        return " ".join(currency.format(amount).replace("\xa0", " ").split())

    def test_nothing_collectible_no_overdue_text(self):
        partner = self.env["res.partner"].create({"name": "Punctual Ltd", "is_company": True})
        invoice = self._invoice(partner, 800, 10)
        case = self._case(partner)
        self.env["rcm.collection.exclusion"].sudo()._set_exclusion(invoice, invoice, 800, "dispute")
        self._invoice(partner, 90, -5)
        text = self._render("rcm_collections.mail_template_rcm_reminder_friendly", case)
        self.assertNotIn("past due", text)
        self.assertNotIn("Total overdue", text)
        self.assertIn("nothing is asked from you today", text)
        self.assertIn("Under review", text)
        self.assertIn("Coming due", text)
        text = self._render("rcm_collections.mail_template_rcm_reminder_firm", case)
        self.assertNotIn("remain overdue", text)
