# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# Database ids are PostgreSQL integers: a bigger number in a URL is no record (and no SQL error).
MAX_ID = 2**31 - 1
# What the dispute form posts; anything else is refused (the flow sets the rest).
FORM_FIELDS = {"csrf_token", "reason_id", "amount", "description", "customer_ref", "attachments"}
# Upper bound of a disputed amount typed on the portal (far above any invoice; beyond it, floats lose
# the cents).
MAX_AMOUNT = 1e12


class RcmDisputesPortal(CustomerPortal):
    """Customers raise disputes on their invoices and follow them on the portal."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "rcm_dispute_count" in counters:
            disputes = request.env["rcm.dispute"]
            values["rcm_dispute_count"] = (
                disputes.search_count(self._rcm_get_disputes_domain()) if disputes.has_access("read") else 0
            )
        return values

    def _rcm_get_disputes_domain(self):
        return [("partner_id", "=", request.env.user.commercial_partner_id.id)]

    def _rcm_get_dispute_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "date desc, id desc"},
            "name": {"label": env._("Reference"), "order": "name desc"},
            "stage": {"label": env._("Status"), "order": "stage_id, id desc"},
        }

    @http.route(["/my/disputes", "/my/disputes/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_disputes(self, page=1, sortby=None, **kw):
        disputes = request.env["rcm.dispute"]
        domain = self._rcm_get_disputes_domain()
        sortings = self._rcm_get_dispute_sortings()
        sortby = sortby if sortby in sortings else "date"
        count = disputes.search_count(domain)
        pager = portal_pager(
            url="/my/disputes", url_args={"sortby": sortby}, total=count, page=page, step=self._items_per_page
        )
        records = disputes.search(
            domain, order=sortings[sortby]["order"], limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_disputes_history"] = records.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "disputes": records,
                "page_name": "rcm_dispute",
                "pager": pager,
                "default_url": "/my/disputes",
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("rcm_disputes.portal_my_disputes", values)

    @http.route(["/my/disputes/<int:dispute_id>"], type="http", auth="public", website=True)
    def portal_my_dispute(self, dispute_id, access_token=None, created=None, **kw):
        if dispute_id > MAX_ID:
            return request.redirect("/my")
        try:
            dispute_sudo = self._document_check_access("rcm.dispute", dispute_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = {"page_name": "rcm_dispute", "dispute": dispute_sudo, "created": bool(created)}
        values = self._get_page_view_values(
            dispute_sudo, access_token, values, "my_disputes_history", False, **kw
        )
        return request.render("rcm_disputes.portal_my_dispute", values)

    @http.route(
        ["/my/invoices/<int:invoice_id>/dispute"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_invoice_dispute(self, invoice_id, **post):
        """The dispute form of an invoice (GET) and its submission (POST)."""
        # The user's own rights decide, never an access token: only the customer's users raise disputes.
        if invoice_id > MAX_ID:
            return request.redirect("/my")
        invoice = request.env["account.move"].browse(invoice_id).exists()
        if not invoice or not invoice.has_access("read"):
            return request.redirect("/my")
        if (
            invoice.move_type != "out_invoice"
            or invoice.commercial_partner_id != request.env.user.commercial_partner_id
        ):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "invoice",  # the invoice's breadcrumbs, then "Dispute"
                "rcm_dispute_form": True,
                "invoice": invoice,
                "reasons": request.env["rcm.dispute.reason"].search([("portal_visible", "=", True)]),
                "amount_open": max(invoice.amount_residual - invoice.rcm_disputed_amount, 0.0),
                "form": {},
            }
        )
        if request.httprequest.method == "POST":
            dispute, error = self._rcm_create_dispute(invoice, post)
            if dispute:
                return request.redirect(f"{dispute.access_url}?created=1")
            values.update({"error": error, "form": post})
            # a refused submission is a bad request: the form again, with the message
            return request.render("rcm_disputes.portal_dispute_form", values, status=400)
        return request.render("rcm_disputes.portal_dispute_form", values)

    def _rcm_parse_dispute_form(self, post):
        """(amount, reason id, error message) of the posted form; the error is None when it is valid."""
        env = request.env
        unknown = sorted(set(post) - FORM_FIELDS)
        if unknown:
            return None, None, env._("The dispute form does not take: %s.", ", ".join(unknown))
        try:
            amount = float(post.get("amount") or 0.0)
            reason_id = int(post.get("reason_id") or 0)
        except ValueError:
            return None, None, env._("Enter the disputed amount as a number, and choose a reason.")
        if not math.isfinite(amount) or not 0 < amount <= MAX_AMOUNT:
            return None, None, env._("Enter a positive disputed amount, at most what is open on the invoice.")
        if not 0 < reason_id <= MAX_ID:
            return None, None, env._("Choose the reason of your dispute.")
        return amount, reason_id, None

    def _rcm_create_dispute(self, invoice, post):
        """Create the dispute from the posted form; returns (dispute, error message)."""
        env = request.env
        amount, reason_id, error = self._rcm_parse_dispute_form(post)
        if error:
            return None, error
        attachments = [
            (upload.filename, upload.read())
            for upload in request.httprequest.files.getlist("attachments")
            if upload and upload.filename
        ]
        values = {
            "reason_id": reason_id,
            "description": (post.get("description") or "").strip() or False,
            "customer_ref": (post.get("customer_ref") or "").strip() or False,
        }
        try:
            # all or nothing: a refused dispute leaves no record, attachment nor exclusion behind
            with env.cr.savepoint():
                dispute = env["rcm.dispute"]._rcm_portal_create(
                    invoice, values, {"amount": amount}, attachments=attachments
                )
        except UserError as error:
            return None, error.args[0]
        return dispute, None
