# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import BadRequest

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class RcmDunningPortal(CustomerPortal):
    """Customers see their statement, their open invoices (and pay them) and the letters they got.

    Bad parameters (a date that is no date or out of range, a period ending before it starts) are
    answered with HTTP 400 and a message, never a server error.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "rcm_dunning_count" in counters:
            communications = request.env["rcm.dunning.communication"]
            values["rcm_dunning_count"] = (
                communications.search_count(self._rcm_get_communications_domain())
                if communications.has_access("read")
                else 0
            )
        if "rcm_open_item_count" in counters:
            values["rcm_open_item_count"] = len(self._rcm_get_statement()["open_items"])
        return values

    def _rcm_get_communications_domain(self):
        return [
            ("partner_id", "=", request.env.user.commercial_partner_id.id),
            ("state", "in", ("queued", "sent")),
        ]

    def _rcm_get_statement(self, date_from=None, date_to=None):
        """The statement of the logged-in customer in the current company."""
        report = request.env["report.rcm_dunning.report_customer_statement"].sudo()
        date_from, date_to = report._get_period({"date_from": date_from, "date_to": date_to})
        # sudo: the statement reads the ledger of the user's own commercial partner only
        return report._get_statement(
            request.env.user.commercial_partner_id.sudo(), request.env.company, date_from, date_to
        )

    @staticmethod
    def _rcm_parse_date(value):
        """A date parameter (ISO ``YYYY-MM-DD``), None when empty; HTTP 400 when it is no date."""
        if not value:
            return None
        try:
            date = fields.Date.to_date(value)
        except (ValueError, TypeError, OverflowError):
            date = None
        if not date or not 1000 <= date.year <= 9999:
            raise BadRequest(request.env._("Invalid date: %s (expected YYYY-MM-DD).", str(value)[:40]))
        return date

    @classmethod
    def _rcm_parse_period(cls, date_from, date_to):
        date_from, date_to = cls._rcm_parse_date(date_from), cls._rcm_parse_date(date_to)
        if date_from and date_to and date_from > date_to:
            raise BadRequest(request.env._("The statement period ends before it starts."))
        return date_from, date_to

    @http.route(["/my/statement"], type="http", auth="user", website=True)
    def portal_my_statement(self, date_from=None, date_to=None, **kw):
        statement = self._rcm_get_statement(*self._rcm_parse_period(date_from, date_to))
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "rcm_statement", "statement": statement})
        return request.render("rcm_dunning.portal_my_statement", values)

    @http.route(["/my/statement/pdf"], type="http", auth="user", website=True)
    def portal_my_statement_pdf(self, date_from=None, date_to=None, **kw):
        partner = request.env.user.commercial_partner_id
        statement = self._rcm_get_statement(*self._rcm_parse_period(date_from, date_to))
        data = {
            "date_from": fields.Date.to_string(statement["date_from"]),
            "date_to": fields.Date.to_string(statement["date_to"]),
            "report_type": "pdf",
        }
        pdf, _type = (
            request.env["ir.actions.report"]
            .sudo()
            .with_company(request.env.company)
            ._render_qweb_pdf("rcm_dunning.action_report_rcm_customer_statement", partner.ids, data=data)
        )
        headers = [
            ("Content-Type", "application/pdf"),
            ("Content-Length", len(pdf)),
            ("Content-Disposition", http.content_disposition(f"Statement {partner.name}.pdf")),
        ]
        return request.make_response(pdf, headers=headers)

    @http.route(["/my/dunning", "/my/dunning/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_dunning(self, page=1, **kw):
        communications = request.env["rcm.dunning.communication"]
        domain = self._rcm_get_communications_domain()
        count = communications.search_count(domain)
        pager = portal_pager(url="/my/dunning", total=count, page=page, step=self._items_per_page)
        records = communications.search(
            domain, order="date desc, id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_dunning_history"] = records.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: the search checked the access; the levels are configuration customers cannot read
                "communications": records.sudo(),
                "page_name": "rcm_dunning",
                "pager": pager,
                "default_url": "/my/dunning",
            }
        )
        return request.render("rcm_dunning.portal_my_dunning", values)

    @http.route(["/my/dunning/<int:communication_id>"], type="http", auth="public", website=True)
    def portal_my_dunning_detail(
        self, communication_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            comm_sudo = self._document_check_access(
                "rcm.dunning.communication", communication_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if comm_sudo.state not in ("queued", "sent"):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=comm_sudo,
                report_type=report_type,
                report_ref="rcm_dunning.action_report_rcm_dunning_letter",
                download=download,
            )
        values = {"page_name": "rcm_dunning", "communication": comm_sudo}
        values = self._get_page_view_values(
            comm_sudo, access_token, values, "my_dunning_history", False, **kw
        )
        return request.render("rcm_dunning.portal_my_dunning_detail", values)
