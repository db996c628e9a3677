# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Nightly collections alerts, delivered as activities, never twice for the same thing.

Patterns detected (set-based, one statement per company):

``late_trend``
    a customer's average lateness of the last 6 months exceeds that of the 6 months before by at least
    the company's *Paying Later Alert* days (backbone figures);
``credit_limit``
    a customer's total due exceeds its credit limit;
``broken_promise``
    a promise to pay broken during the last 7 days;
``large_overdue``
    an invoice of at least the company's *Large Overdue Alert* open amount that fell overdue during the
    last 7 days.

Every detection has a key (``credit_limit:<company>:<customer>``, ``broken_promise:<promise>``...). An
alert is created, with an activity for the collector of the customer's open case (else its team
leader, else the company's alerts manager), only when no open alert has that key; an open alert whose
key is not detected any more is cleared, so that a customer breaching its limit again later is alerted
again. The activity is put on the open collection case, else on the customer.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_amount

ALERT_TYPES = [
    ("late_trend", "Paying Later Than Usual"),
    ("credit_limit", "Credit Limit Exceeded"),
    ("broken_promise", "Broken Promise"),
    ("large_overdue", "Large New Overdue"),
]
EVENT_WINDOW_DAYS = 7


class RcmAlert(models.Model):
    _name = "rcm.alert"
    _description = "Collections Alert"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    alert_type = fields.Selection(ALERT_TYPES, string="Type", required=True, readonly=True, index=True)
    key = fields.Char(required=True, readonly=True, index=True)
    state = fields.Selection(
        [("open", "Open"), ("cleared", "Cleared")], default="open", required=True, readonly=True, index=True
    )
    date = fields.Date(string="Detected On", required=True, readonly=True, default=fields.Date.context_today)
    date_cleared = fields.Date(string="Cleared On", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, index=True)
    case_id = fields.Many2one("rcm.collection.case", readonly=True, ondelete="set null")
    promise_id = fields.Many2one("rcm.promise", readonly=True, ondelete="set null")
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True, ondelete="set null")
    user_id = fields.Many2one("res.users", string="Notified", readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")
    amount = fields.Monetary(readonly=True)
    note = fields.Char(readonly=True)

    _key_open_uniq = models.UniqueIndex("(key) WHERE state = 'open'", "An alert is raised once while open.")

    # ------------------------------------------------------------------
    # Detection
    # ------------------------------------------------------------------
    @api.model
    def _detect(self, company, today):
        """The alerts that hold today for ``company``: a list of dicts with ``key``, ``alert_type``,
        ``partner_id``, ``promise_id``, ``move_id``, ``amount`` and ``value`` (the lateness, the limit
        ...). Extension point: add patterns by extending the list."""
        self.env.flush_all()
        since = today - timedelta(days=EVENT_WINDOW_DAYS)
        return self.env.execute_query_dict(
            SQL(
                """
                SELECT 'late_trend:' || r.company_id || ':' || r.partner_id AS key,
                       'late_trend' AS alert_type,
                       r.partner_id, NULL::int AS promise_id, NULL::int AS move_id,
                       r.total_overdue AS amount, r.avg_days_late_recent AS value,
                       r.avg_days_late_previous AS previous
                  FROM rcm_partner_receivable r
                 WHERE r.company_id = %(company)s
                   AND r.avg_days_late_recent > 0
                   AND r.avg_days_late_recent - r.avg_days_late_previous >= %(late_days)s
                UNION ALL
                SELECT 'credit_limit:' || r.company_id || ':' || r.partner_id, 'credit_limit',
                       r.partner_id, NULL, NULL, r.total_due,
                       (p.credit_limit ->> r.company_id::text)::float, NULL
                  FROM rcm_partner_receivable r
                  JOIN res_partner p ON p.id = r.partner_id
                 WHERE r.company_id = %(company)s
                   AND COALESCE((p.credit_limit ->> r.company_id::text)::float, 0) > 0
                   AND r.total_due > (p.credit_limit ->> r.company_id::text)::float
                UNION ALL
                SELECT 'broken_promise:' || pr.id, 'broken_promise', pr.partner_id, pr.id, NULL,
                       pr.amount_company - COALESCE(pr.paid_amount_company, 0), NULL, NULL
                  FROM rcm_promise pr
                 WHERE pr.company_id = %(company)s AND pr.state = 'broken' AND pr.date_closed >= %(since)s
                UNION ALL
                SELECT 'large_overdue:' || m.id, 'large_overdue', m.commercial_partner_id, NULL, m.id,
                       m.amount_residual_signed, NULL, NULL
                  FROM account_move m
                 WHERE m.company_id = %(company)s AND m.move_type = 'out_invoice' AND m.state = 'posted'
                   AND m.payment_state IN ('not_paid', 'partial')
                   AND m.amount_residual_signed >= %(large)s
                   AND m.invoice_date_due < %(today)s AND m.invoice_date_due >= %(since)s
                """,
                company=company.id,
                late_days=company.rcm_alert_late_days,
                since=since,
                large=company.rcm_alert_large_overdue,
                today=today,
            )
        )

    @api.model
    def _get_alert_name(self, row, company):
        """Human summary of a detected alert."""
        currency = company.currency_id
        kind = row["alert_type"]
        if kind == "late_trend":
            return self.env._(
                "Paying later than usual: %(recent)s days late on average (was %(previous)s)",
                recent=round(row["value"] or 0.0, 1),
                previous=round(row["previous"] or 0.0, 1),
            )
        if kind == "credit_limit":
            return self.env._(
                "Credit limit exceeded: %(due)s due for a limit of %(limit)s",
                due=format_amount(self.env, row["amount"] or 0.0, currency),
                limit=format_amount(self.env, row["value"] or 0.0, currency),
            )
        if kind == "broken_promise":
            return self.env._(
                "Broken promise to pay: %s unpaid", format_amount(self.env, row["amount"] or 0.0, currency)
            )
        return self.env._("Large new overdue: %s", format_amount(self.env, row["amount"] or 0.0, currency))

    @api.model
    def _process_company(self, company, today=None):
        """Detect the alerts of ``company``; raise the new ones, clear those that do not hold any more.
        Returns the new alerts."""
        today = today or fields.Date.context_today(self)
        detected = {row["key"]: row for row in self._detect(company, today)}
        open_alerts = self.search([("company_id", "=", company.id), ("state", "=", "open")])
        gone = open_alerts.filtered(lambda a: a.key not in detected)
        gone.write({"state": "cleared", "date_cleared": today})
        known = set(open_alerts.mapped("key"))
        rows = [row for key, row in detected.items() if key not in known]
        if not rows:
            return self.browse()
        partner_ids = list({row["partner_id"] for row in rows if row["partner_id"]})
        cases = self.env["rcm.collection.case"].search(
            [("partner_id", "in", partner_ids), ("company_id", "=", company.id), ("state", "!=", "resolved")]
        )
        case_by_partner = {case.partner_id.id: case for case in cases}
        vals_list = []
        for row in rows:
            case = case_by_partner.get(row["partner_id"], self.env["rcm.collection.case"])
            user = case.user_id or case.team_id.leader_id or company.rcm_alert_user_id
            vals_list.append(
                {
                    "name": self._get_alert_name(row, company),
                    "alert_type": row["alert_type"],
                    "key": row["key"],
                    "date": today,
                    "company_id": company.id,
                    "partner_id": row["partner_id"],
                    "case_id": case.id,
                    "promise_id": row["promise_id"],
                    "move_id": row["move_id"],
                    "amount": row["amount"] or 0.0,
                    "user_id": user.id,
                }
            )
        alerts = self.create(vals_list)
        alerts._schedule_activities(today)
        return alerts

    def _schedule_activities(self, today):
        """One activity per alert with a recipient, on its case (else its customer), in one create."""
        activity_type = self.env.ref("rcm_reports.mail_activity_type_rcm_alert", raise_if_not_found=False)
        models_ids = {
            model: self.env["ir.model"]._get_id(model) for model in ("rcm.collection.case", "res.partner")
        }
        todo = self.filtered(lambda a: a.user_id and (a.case_id or a.partner_id))
        vals_list = []
        for alert in todo:
            model = "rcm.collection.case" if alert.case_id else "res.partner"
            vals_list.append(
                {
                    "res_model_id": models_ids[model],
                    "res_id": alert.case_id.id or alert.partner_id.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": alert.name,
                    "user_id": alert.user_id.id,
                    "date_deadline": today,
                }
            )
        activities = (
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(vals_list)
        )
        for alert, activity in zip(todo, activities, strict=True):
            alert.activity_id = activity

    @api.model
    def _cron_detect(self):
        """Nightly: detect the alerts of every company (committed company by company)."""
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        for index, company in enumerate(companies, start=1):
            self.sudo()._process_company(company)
            if not self.env["ir.cron"]._commit_progress(1, remaining=len(companies) - index):
                break

    def action_open_record(self):
        """Open what the alert is about: the case, else the customer."""
        self.ensure_one()
        record = self.case_id or self.partner_id
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }
