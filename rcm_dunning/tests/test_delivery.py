# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast
from datetime import timedelta
from unittest.mock import patch

from lxml import etree

from odoo import Command
from odoo.tests import tagged

from odoo.addons.base.models.ir_actions_report import IrActionsReport
from odoo.addons.base.models.ir_qweb import IrQweb
from odoo.addons.rcm_collections.services import statement as statement_service

from .common import RcmDunningCommon


@tagged("post_install", "-at_install")
class TestDelivery(RcmDunningCommon):
    """The sending works in batches (templates rendered at once, one savepoint, notes logged at once)
    and a communication that fails still fails alone; letters carry their stylesheets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": f"Delivery Customer {i}", "is_company": True, "email": f"ap{i}@delivery.example.com"}
                for i in range(3)
            ]
        )
        cls.invoices = cls.env["account.move"]
        for i, partner in enumerate(cls.partners):
            cls.invoices |= cls._invoice(partner, 100 + i, 10)

    def _comms(self):
        return self.Communication.search([("partner_id", "in", self.partners.ids)], order="id")

    def test_a_batch_compiles_its_email_template_once(self):
        compiled = []
        original = IrQweb._generate_code_uncached

        def count(qweb, template):
            if isinstance(template, etree._Element) and "_rcm_get_customer_statement" in etree.tostring(
                template, encoding="unicode"
            ):
                compiled.append(template)
            return original(qweb, template)

        with patch.object(IrQweb, "_generate_code_uncached", count):
            self._run(deliver=False)
        comms = self._comms()
        self.assertEqual(len(comms), 3)
        self.assertEqual(len(compiled), 1, "the email body is compiled once for the batch, not per customer")
        # what each customer reads is still its own
        for comm, invoice in zip(comms, self.invoices, strict=True):
            message = comm.mail_message_id
            self.assertEqual(comm.state, "queued")
            self.assertEqual((message.model, message.res_id), ("rcm.collection.case", comm.case_id.id))
            self.assertEqual(message.partner_ids, comm.partner_id)
            self.assertIn(invoice.name, message.body)
            self.assertIn(f"/my/dunning/{comm.id}?access_token=", message.body)
            for other in self.invoices - invoice:
                self.assertNotIn(other.name, message.body)
            self.assertEqual(
                len(comm.message_ids.filtered(lambda m: "Queued (Email)" in (m.body or ""))), 1, "its note"
            )

    def _shared_entry(self, amounts, days_overdue=20):
        """A posted journal entry with one receivable item per customer (``{partner: amount}``)."""
        receivable = self.company_data["default_account_receivable"]
        due = self.today - timedelta(days=days_overdue)
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": due,
                "line_ids": [
                    Command.create(
                        {
                            "account_id": receivable.id,
                            "partner_id": partner.id,
                            "debit": amount,
                            "date_maturity": due,
                        }
                    )
                    for partner, amount in amounts.items()
                ]
                + [
                    Command.create(
                        {
                            "account_id": self.company_data["default_account_revenue"].id,
                            "credit": sum(amounts.values()),
                        }
                    )
                ],
            }
        )
        entry.action_post()
        self._follow_ledger()
        return entry

    def _enrich_accounts(self):
        """Give the customers the documents a statement tells apart: another currency, a dispute, a
        credit note, an item coming due, a journal entry shared by two customers."""
        first, second, third = self.partners
        code = "EUR" if self.company.currency_id.name != "EUR" else "USD"
        other = self.setup_other_currency(code, rates=[("2000-01-01", 2.0)])
        self._invoice(first, 300, 20, currency=other)
        self._invoice(first, 40, 3, move_type="out_refund")
        self._invoice(first, 80, -10)
        disputed = self._invoice(second, 400, 15)
        self.env["rcm.collection.exclusion"].sudo()._set_exclusion(
            disputed, disputed, 150, "dispute", note="wrong quantity"
        )
        self._invoice(third, 60, 30, currency=other)
        entry = self._shared_entry({first: 50.0, second: 70.0})
        return other, disputed, entry

    def test_batch_statements_are_the_per_customer_ones(self):
        other, disputed, entry = self._enrich_accounts()
        first, second, third = self.partners
        contact = self.env["res.partner"].create({"name": "Accounts Payable", "parent_id": first.id})
        nobody = self.env["res.partner"].create({"name": "No Account", "is_company": True})
        Statement = self.env["rcm.customer.statement"].sudo()
        partners = self.partners | contact | nobody
        queries = self.env.cr.sql_log_count
        batch = Statement._get_statements(partners, self.company, self.today)
        self.assertLessEqual(self.env.cr.sql_log_count - queries, 8, "a few queries for all customers")
        self.assertEqual(set(batch), set(partners.ids))
        for partner in partners:
            alone = Statement._get_statement(partner, self.company, self.today)
            self.assertEqual(batch[partner.id], alone, f"{partner.name}: same statement alone as in a batch")
            self.assertEqual(
                [list(batch[partner.id][section]["totals"].items()) for section in ("overdue", "credits")],
                [list(alone[section]["totals"].items()) for section in ("overdue", "credits")],
                "same totals in the same order",
            )
        self.assertEqual(batch[contact.id], batch[first.id], "a contact reads its company's statement")
        self.assertEqual(batch[contact.id]["partner"], first)
        self.assertFalse(any(batch[nobody.id][section]["lines"] for section in statement_service.SECTIONS))
        # each customer sees its own part of the shared entry, nothing of the other's
        shared = {
            partner: [line.amount for line in batch[partner.id]["overdue"]["lines"] if line.key == entry.id]
            for partner in self.partners
        }
        self.assertEqual(shared, {first: [50.0], second: [70.0], third: []})
        self.assertEqual(
            [line.key for line in batch[second.id]["under_review"]["lines"]], [disputed.id], "the dispute"
        )
        self.assertEqual(batch[third.id]["overdue"]["totals"], {other: 60.0, self.company.currency_id: 102.0})
        self.assertEqual(len(batch[first.id]["credits"]["lines"]), 1)
        self.assertEqual(len(batch[first.id]["coming_due"]["lines"]), 1)

    def test_a_batch_reads_its_statements_once_and_renders_what_alone_would(self):
        self._enrich_accounts()
        # another language: the email is rendered in it, with the statement read in its environment
        self.env["res.lang"]._activate_lang("fr_FR")
        self.partners[2].lang = "fr_FR"
        Statement = type(self.env["rcm.customer.statement"])
        Communication = type(self.Communication)
        original_statements = Statement._get_statements
        original_values = Communication._rcm_get_email_values
        reads, bodies = [], {}

        def count(model, partners, company, day=None):
            reads.append(partners)
            return original_statements(model, partners, company, day)

        def capture(comm, template):
            values = original_values(comm, template)
            bodies[comm.id] = values["body_html"]
            return values

        with (
            patch.object(Statement, "_get_statements", count),
            patch.object(Communication, "_rcm_get_email_values", capture),
        ):
            self._run(deliver=False)
            comms = self._comms()
            self.assertEqual(set(comms.mapped("state")), {"queued"})
            self.assertEqual(len(reads), 2, "one read per language of the batch, not one per customer")
            self.assertEqual(sorted(len(partners) for partners in reads), [3, 3])
            reads.clear()
            for comm in comms:
                template = comm.level_id.mail_template_id.with_company(comm.company_id)
                alone = template._generate_template(comm.ids, ("body_html",))[comm.id]["body_html"]
                self.assertEqual(bodies[comm.id], alone, f"{comm.partner_id.name}: the body rendered alone")
            self.assertEqual(len(reads), 3, "alone, each reads its own statement")
        self.assertIn("150", bodies[comms.filtered(lambda c: c.partner_id == self.partners[1]).id])

    def test_letters_rendered_together_read_their_statements_once(self):
        self._enrich_accounts()
        self._run(deliver=False)
        comms = self._comms()
        report = "rcm_dunning.action_report_rcm_dunning_letter"
        Report = self.env["ir.actions.report"]
        alone = Report._render_qweb_html(report, comms.ids)[0]
        Statement = type(self.env["rcm.customer.statement"])
        original = Statement._get_statements
        reads = []

        def count(model, partners, company, day=None):
            reads.append(partners)
            return original(model, partners, company, day)

        with patch.object(Statement, "_get_statements", count), comms._rcm_prefetch_statements():
            together = Report._render_qweb_html(report, comms.ids)[0]
        self.assertEqual([len(partners) for partners in reads], [3], "one read for the three letters")
        self.assertEqual(together, alone, "the letters say what they say rendered one by one")
        for invoice in self.invoices:
            self.assertIn(invoice.name, together.decode())

    def test_a_batch_posts_what_message_post_alone_would(self):
        # a catchall: the reply-to is the company's, in the author's name
        alias_domain = self.env["mail.alias.domain"].create(
            {"name": "delivery.example.com", "catchall_alias": "catchall", "bounce_alias": "bounce"}
        )
        self.company.alias_domain_id = alias_domain
        Case = type(self.env["rcm.collection.case"])
        original = Case._notify_get_reply_to
        calls = []

        def count(case, *args, **kwargs):
            calls.append(case)
            return original(case, *args, **kwargs)

        with patch.object(Case, "_notify_get_reply_to", count):
            self._run(deliver=False)
        comms = self._comms()
        self.assertEqual(set(comms.mapped("state")), {"queued"})
        self.assertEqual([len(cases) for cases in calls], [3], "the reply-to of the batch's cases at once")
        batch_messages = {comm: comm.mail_message_id for comm in comms}
        self.assertEqual(len(set(batch_messages.values())), 3)
        # the same emails posted one by one, message_post computing everything itself
        for comm in comms:
            comm.with_company(comm.company_id)._send_email()
        message_fields = [
            "model",
            "res_id",
            "author_id",
            "email_from",
            "reply_to",
            "record_alias_domain_id",
            "record_company_id",
            "partner_ids",
            "attachment_ids",
            "subject",
            "body",
            "message_type",
            "subtype_id",
            "tracking_value_ids",
            "notified_partner_ids",
        ]
        mail_fields = ["recipient_ids", "email_to", "reply_to", "email_from", "subject", "body_html", "state"]
        for comm, batch_message in batch_messages.items():
            alone = comm.mail_message_id
            self.assertNotEqual(alone, batch_message)
            self.assertEqual(batch_message.model, "rcm.collection.case")
            self.assertIn("catchall@delivery.example.com", batch_message.reply_to)
            self.assertEqual(batch_message.record_alias_domain_id, alias_domain)
            for fname in message_fields:
                self.assertEqual(batch_message[fname], alone[fname], f"{comm.partner_id.name}: {fname}")
            batch_mail, alone_mail = (
                self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
                for message in (batch_message, alone)
            )
            self.assertEqual(len(batch_mail), 1)
            for fname in mail_fields:
                self.assertEqual(
                    batch_mail[fname], alone_mail[fname], f"{comm.partner_id.name}: mail {fname}"
                )
            self.assertEqual(
                {k: v for k, v in ast.literal_eval(batch_mail.headers).items() if k != "References"},
                {k: v for k, v in ast.literal_eval(alone_mail.headers).items() if k != "References"},
            )

    def _run_counting_author_lookups(self):
        """Run (without delivering) and return the email lists the author lookup was called with."""
        Thread = type(self.env["mail.thread"])
        original = Thread._partner_find_from_emails_single
        calls = []

        def count(thread, emails, **kwargs):
            calls.append(emails)
            return original(thread, emails, **kwargs)

        with patch.object(Thread, "_partner_find_from_emails_single", count):
            self._run(deliver=False)
        return calls

    def test_the_sender_is_looked_up_once_per_batch(self):
        calls = self._run_counting_author_lookups()
        comms = self._comms()
        self.assertEqual(set(comms.mapped("state")), {"queued"})
        self.assertEqual(len(calls), 1, "one author lookup for the three emails of the same sender")
        authors = comms.mail_message_id.mapped(lambda m: (m.author_id, m.email_from))
        self.assertEqual(len(set(authors)), 1)

    def test_a_shared_sender_address_is_looked_up_per_email(self):
        # another partner has the sender's address: the case (followers, company) breaks the tie, as
        # message_post does for each email
        senders = {self.company.email, self.env.user.email, self.collector.email} - {False}
        self.env["res.partner"].create([{"name": "Namesake", "email": email} for email in senders])
        calls = self._run_counting_author_lookups()
        self.assertEqual(set(self._comms().mapped("state")), {"queued"})
        self.assertEqual(len(calls), 3)

    def test_a_failing_communication_fails_alone_without_leftovers(self):
        original = type(self.Communication)._send_email
        failing = self.partners[1]

        def post_then_crash(comm):
            result = original(comm)
            if comm.partner_id == failing:
                raise ValueError("crashed after posting")
            return result

        with patch.object(type(self.Communication), "_send_email", post_then_crash):
            self._run(deliver=False)
        comms = self._comms()
        failed = comms.filtered(lambda c: c.partner_id == failing)
        self.assertEqual(failed.state, "failed")
        self.assertIn("ValueError: crashed after posting", failed.error)
        self.assertFalse(failed.mail_message_id)
        self.assertFalse(
            failed.case_id.message_ids.filtered(lambda m: m.message_type == "comment"),
            "its email, posted before the crash, is rolled back with it",
        )
        for comm in comms - failed:
            self.assertEqual(comm.state, "queued")
            emails = comm.case_id.message_ids.filtered(lambda m: m.message_type == "comment")
            self.assertEqual(emails, comm.mail_message_id, "one email each, although the batch ran twice")
            self.assertEqual(
                self.env["mail.mail"].sudo().search_count([("mail_message_id", "in", emails.ids)]), 1
            )
        self._deliver()
        self.assertEqual(set((comms - failed).mapped("state")), {"sent"})

    def test_letters_carry_their_stylesheets_without_an_http_server(self):
        self._set_level(self.invoices[0], self.level_1, 20)  # second notice: letter + email
        self._run()
        comm = self._comms()[0]
        self.assertEqual(comm.letter_type, "reminder")
        bundle = self.env["ir.qweb"]._get_asset_bundle("web.report_assets_common", js=False, autoprefix=True)
        css = b"".join(attachment.raw for attachment in bundle.css()).decode()
        self.assertTrue(css)
        sample = css[len(css) // 2 : len(css) // 2 + 200]
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("rcm_dunning.action_report_rcm_dunning_letter", comm.ids)[0]
            .decode()
        )
        self.assertIn(sample, html, "the report stylesheet is in the letter's HTML")
        bodies = []
        original = IrActionsReport._run_wkhtmltopdf

        def capture(report, bodies_arg, *args, **kwargs):
            bodies_arg = list(bodies_arg)
            bodies.extend(bodies_arg)
            return original(report, bodies_arg, *args, **kwargs)

        with patch.object(IrActionsReport, "_run_wkhtmltopdf", capture):
            content, _type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("rcm_dunning.action_report_rcm_dunning_letter", comm.ids)
            )
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertEqual(len(bodies), 1)
        self.assertIn(sample, bodies[0], "what wkhtmltopdf renders has its styles inline")
