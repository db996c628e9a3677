# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer statement: open items and account activity of a period, with an aging summary.

For a commercial partner and a company, between ``date_from`` and ``date_to`` (included), in the
company currency, over the posted receivable journal items of the customer and its contacts:

* opening balance: the balance of the items dated before ``date_from``;
* activity: one row per document dated in the period (invoices and charges as debits, credit notes
  and payments as credits) with the running balance; closing balance = opening + debits - credits;
* open items: the items still open today (residual != 0) dated up to ``date_to``, with their due date
  and days overdue as of ``date_to``; aging summary: their residuals split into the company's aging
  buckets (rcm_collections.services.aging);
* sections: what the customer reads as owed (``rcm.customer.statement._get_statement`` as of
  ``date_to``, as the emails and letters show it): collectible overdue items with one total per
  invoice currency, then apart the items under review, promised, on hold, coming due and the
  unapplied credits, in the invoice currency. The activity and the aging stay in company currency
  (the ledger's balance), and say so.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.rcm_collections.services import aging


class ReportRcmCustomerStatement(models.AbstractModel):
    _name = "report.rcm_dunning.report_customer_statement"
    _description = "Customer Statement Report"

    @api.model
    def _get_period(self, data=None):
        """``(date_from, date_to)`` of ``data`` (ISO dates; default: the 90 days up to today).

        Raises ``UserError`` for a date that is not one or a period that ends before it starts."""
        data = data or {}
        today = fields.Date.context_today(self)
        try:
            date_to = fields.Date.to_date(data.get("date_to")) or today
            date_from = fields.Date.to_date(data.get("date_from")) or date_to - timedelta(days=90)
        except (ValueError, TypeError, OverflowError) as error:
            raise UserError(self.env._("The statement period has an invalid date.")) from error
        if date_from > date_to:
            raise UserError(self.env._("The statement period ends before it starts."))
        return date_from, date_to

    @api.model
    def _get_statement(self, partner, company, date_from, date_to):
        """The statement of ``partner`` (its commercial entity) in ``company`` as a dict."""
        partner = partner.commercial_partner_id
        self.env.flush_all()
        base = SQL(
            """
            FROM account_move_line aml
            JOIN account_account acc ON acc.id = aml.account_id
            JOIN res_partner p ON p.id = aml.partner_id
            JOIN account_move m ON m.id = aml.move_id
           WHERE aml.company_id = %s AND p.commercial_partner_id = %s
             AND acc.account_type = 'asset_receivable' AND aml.parent_state = 'posted'
            """,
            company.id,
            partner.id,
        )
        opening = self.env.execute_query(
            SQL("SELECT COALESCE(SUM(aml.balance), 0) %s AND aml.date < %s", base, date_from)
        )[0][0]
        activity = self.env.execute_query_dict(
            SQL(
                """
                SELECT m.id AS move_id, m.name, m.move_type, MIN(aml.date) AS date,
                       MIN(COALESCE(aml.date_maturity, aml.date)) AS date_due,
                       SUM(aml.debit) AS debit, SUM(aml.credit) AS credit
                %s AND aml.date BETWEEN %s AND %s
                 GROUP BY m.id, m.name, m.move_type
                 ORDER BY MIN(aml.date), m.id
                """,
                base,
                date_from,
                date_to,
            )
        )
        open_items = self.env.execute_query_dict(
            SQL(
                """
                SELECT m.id AS move_id, m.name, m.move_type, MIN(aml.date) AS date,
                       MIN(COALESCE(aml.date_maturity, aml.date)) AS date_due,
                       SUM(aml.amount_residual) AS residual
                %s AND NOT aml.reconciled AND aml.amount_residual != 0 AND aml.date <= %s
                 GROUP BY m.id, m.name, m.move_type
                 ORDER BY MIN(COALESCE(aml.date_maturity, aml.date)), m.id
                """,
                base,
                date_to,
            )
        )
        labels = dict(self.env["account.move"]._fields["move_type"]._description_selection(self.env))
        balance = float(opening)
        moves = self.env["account.move"].browse(
            [row["move_id"] for row in activity] + [row["move_id"] for row in open_items]
        )
        by_id = {move.id: move for move in moves}
        for row in activity:
            balance += float(row["debit"]) - float(row["credit"])
            row.update(
                balance=balance,
                type_label=labels.get(row["move_type"], row["move_type"])
                if row["move_type"] != "entry"
                else self.env._("Payment"),
                move=by_id[row["move_id"]],
            )
        limits = company._rcm_get_aging_limits()
        for row in open_items:
            row.update(
                days=aging.days_overdue(row["date_due"], date_to),
                type_label=labels.get(row["move_type"], row["move_type"])
                if row["move_type"] != "entry"
                else self.env._("Payment"),
                move=by_id[row["move_id"]],
            )
        buckets = aging.split_amounts(
            [(row["date_due"], float(row["residual"])) for row in open_items], limits, as_of=date_to
        )
        return {
            "partner": partner,
            "company": company,
            "currency": company.currency_id,
            "date_from": date_from,
            "date_to": date_to,
            "opening_balance": float(opening),
            "activity": activity,
            "total_debit": sum(float(row["debit"]) for row in activity),
            "total_credit": sum(float(row["credit"]) for row in activity),
            "closing_balance": balance,
            "open_items": open_items,
            "total_open": sum(float(row["residual"]) for row in open_items),
            "total_overdue": sum(
                float(row["residual"]) for row in open_items if row["days"] > 0 and row["residual"] > 0
            ),
            "aging": list(zip(aging.bucket_labels(limits), buckets, strict=True)),
            "sections": self.env["rcm.customer.statement"]._get_statement(partner, company, date_to),
        }

    @api.model
    def _check_statement_access(self, partners, company):
        """Who may read a statement (it reads the ledger in SQL, past every record rule):

        * a portal (share) user: the statement of its own commercial partner only, even in superuser
          mode (the portal route renders it with ``sudo()``);
        * an internal user: a collector, for customers of its allowed companies, in one of them;
        * superuser mode of an internal user: server code (emails, crons) that checked already.
        """
        user = self.env.user
        if user._is_public() or user.share:
            if partners.commercial_partner_id != user.commercial_partner_id or len(partners) != 1:
                raise AccessError(self.env._("You can only read your own statement."))
            return
        if self.env.su:
            return
        if not user.has_group("rcm_collections.group_rcm_collector"):
            raise AccessError(self.env._("Customer statements are for the collections team."))
        allowed = user.company_ids
        foreign = partners.sudo().filtered(lambda p: p.company_id and p.company_id not in allowed)
        if company not in allowed or foreign:
            raise AccessError(self.env._("This customer is not in your companies."))
        partners.check_access("read")

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids).exists()
        date_from, date_to = self._get_period(data)
        company = self.env.company
        self._check_statement_access(partners, company)
        return {
            # pay links (tokenised portal URLs) are the portal page's, never a request parameter's
            "pay_links": False,
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "company": company,
            "statements": {
                partner.id: self._get_statement(partner, company, date_from, date_to) for partner in partners
            },
        }

    # ------------------------------------------------------------------
    # Sending (through the contact gateway)
    # ------------------------------------------------------------------
    @api.model
    def _rcm_send_statements(self, partners, company, date_from, date_to, day=None):
        """Email the statement of ``partners`` (their commercial entities) in ``company`` for the period
        to each customer's collections contact (else its invoice address), through the contact gateway:
        the customers the contact policy blocks on ``day`` (default today) get nothing. Each statement
        sent is a contact (channel *statement*). Returns ``(sent partners, {partner id: reason})``."""
        self._check_statement_access(partners, company)
        if date_from > date_to:
            raise UserError(self.env._("The statement period ends before it starts."))
        day = day or fields.Date.context_today(self)
        customers = partners.commercial_partner_id
        allowed, reasons = self.env["rcm.contact"]._rcm_filter_contactable(customers, company, day)
        if not allowed:
            return allowed, reasons
        report = self.env.ref("rcm_dunning.action_report_rcm_customer_statement")
        recipients = allowed._rcm_get_invoice_contacts()
        data = {"date_from": fields.Date.to_string(date_from), "date_to": fields.Date.to_string(date_to)}
        contacts = []
        for partner in allowed:
            # sudo: the access to the statement was checked above (the report reads the ledger in SQL)
            content, _type = (
                self.env["ir.actions.report"]
                .sudo()
                .with_company(company)
                ._render_qweb_pdf(report, partner.ids, data=data)
            )
            name = self.env._("Statement %(customer)s %(date)s.pdf", customer=partner.name, date=date_to)
            # sudo: the statement is attached to the customer it is sent to (collectors may not edit it)
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create({"name": name, "raw": content, "res_model": "res.partner", "res_id": partner.id})
            )
            # sudo: collectors post on customers they may read but not edit; the author stays the user
            message = partner.sudo().message_post(
                body=self.env._(
                    "Please find attached your statement of account from %(start)s to %(end)s.",
                    start=date_from,
                    end=date_to,
                ),
                subject=self.env._("Statement of account - %s", company.name),
                partner_ids=[recipients[partner.id]],
                attachment_ids=attachment.ids,
                author_id=self.env.user.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            contacts.append(
                {
                    "partner_id": partner.id,
                    "contact_partner_id": recipients[partner.id],
                    "company_id": company.id,
                    "date": day,
                    "channel": "statement",
                    "origin": "dunning",
                    "res_model": "mail.message",
                    "res_id": message.id,
                    "summary": self.env._("Statement %(start)s - %(end)s", start=date_from, end=date_to),
                }
            )
        self.env["rcm.contact"]._rcm_record(contacts)
        return allowed, reasons
