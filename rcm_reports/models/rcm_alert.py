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

Handling an alert: the notified user or a Collections Manager *acknowledges* it with a note (it was dealt
with) or *dismisses* it (not worth acting on); either way its activity is marked done with the note, on
the case's (else the customer's) chatter. An acknowledged or dismissed alert stays live while its key is
detected, so it is not raised again; when its cause clears it is cleared like an open one, and a cause
that comes back later raises a new alert.
"""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount

ALERT_TYPES = [
    ("late_trend", "Paying Later Than Usual"),
    ("credit_limit", "Credit Limit Exceeded"),
    ("broken_promise", "Broken Promise"),
    ("large_overdue", "Large New Overdue"),
]
EVENT_WINDOW_DAYS = 7
ALERT_STATES = [
    ("open", "Open"),
    ("acknowledged", "Acknowledged"),
    ("dismissed", "Dismissed"),
    ("cleared", "Cleared"),
]
#: States of an alert whose cause is still detected (not raised again meanwhile).
LIVE_STATES = ("open", "acknowledged", "dismissed")
#: States from which an alert may be acknowledged / dismissed.
HANDLEABLE_STATES = {"acknowledge": ("open",), "dismiss": ("open", "acknowledged")}


class RcmAlert(models.Model):
    _name = "rcm.alert"
    _description = "Collections Alert"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    alert_type = fields.Selection(ALERT_TYPES, string="Type", required=True, readonly=True, index=True)
    key = fields.Char(required=True, readonly=True, index=True)
    state = fields.Selection(ALERT_STATES, default="open", required=True, readonly=True, index=True)
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
    ack_note = fields.Text(string="Handling Note", readonly=True, copy=False)
    ack_user_id = fields.Many2one("res.users", string="Handled By", readonly=True, copy=False)
    ack_date = fields.Datetime(string="Handled On", readonly=True, copy=False)

    _key_open_uniq = models.UniqueIndex("(key) WHERE state = 'open'", "An alert is raised once while open.")
    _key_live_uniq = models.UniqueIndex(
        "(key) WHERE state IN ('open', 'acknowledged', 'dismissed')",
        "An alert is raised once while its cause lasts, even when acknowledged or dismissed.",
    )

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
        open_alerts = self.search([("company_id", "=", company.id), ("state", "in", LIVE_STATES)])
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

    # ------------------------------------------------------------------
    # Handling
    # ------------------------------------------------------------------
    def _rcm_check_can_handle(self):
        """The notified user and Collections Managers handle an alert; others get an AccessError."""
        self.check_access("read")
        if self.env.user.has_group("rcm_collections.group_rcm_manager"):
            return
        others = self.filtered(lambda a: a.user_id != self.env.user)
        if others:
            raise AccessError(
                self.env._(
                    "Only the notified user or a Collections Manager can handle the alert %s.",
                    others[0].name,
                )
            )

    def _rcm_open_handle_dialog(self, mode):
        self._rcm_check_can_handle()
        allowed = HANDLEABLE_STATES[mode]
        alerts = self.filtered(lambda a: a.state in allowed)
        if not alerts:
            raise UserError(self.env._("These alerts are already handled or cleared."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Acknowledge Alert") if mode == "acknowledge" else self.env._("Dismiss Alert"),
            "res_model": "rcm.acknowledge.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_ids": ",".join(str(i) for i in alerts.ids),
                "default_mode": mode,
            },
        }

    def action_acknowledge(self):
        """Button (notified user, Collections Manager): acknowledge the alert with a note."""
        return self._rcm_open_handle_dialog("acknowledge")

    def action_dismiss(self):
        """Button (notified user, Collections Manager): dismiss the alert (optional note); it is not
        raised again while its cause lasts."""
        return self._rcm_open_handle_dialog("dismiss")

    def _rcm_acknowledge(self, note, mode="acknowledge"):
        """Acknowledge or dismiss these alerts with ``note`` (dialog): state, who, when, the note; their
        activity is marked done with the note (logged on the case, else the customer)."""
        if mode not in ("acknowledge", "dismiss"):
            raise UserError(self.env._("Unknown way of handling an alert: %s", mode))
        note = (note or "").strip()
        if mode == "acknowledge" and not note:
            raise UserError(self.env._("Say in a note how the alert was handled."))
        self._rcm_check_can_handle()
        allowed = HANDLEABLE_STATES[mode]
        wrong = self.filtered(lambda a: a.state not in allowed)
        if wrong:
            raise UserError(self.env._("The alert %s is already handled or cleared.", wrong[0].name))
        state = "acknowledged" if mode == "acknowledge" else "dismissed"
        # sudo: collectors only read alerts; the right to handle these was checked just above
        self.sudo().write(
            {
                "state": state,
                "ack_note": note or False,
                "ack_user_id": self.env.user.id,
                "ack_date": fields.Datetime.now(),
            }
        )
        for alert in self:
            values = {"user": self.env.user.name, "alert": alert.name}
            if state == "acknowledged":
                label = self.env._("Alert acknowledged by %(user)s: %(alert)s", **values)
            else:
                label = self.env._("Alert dismissed by %(user)s: %(alert)s", **values)
            feedback = Markup("%s<br/>%s") % (label, note) if note else label
            # sudo: the activity may be assigned to the collector while a manager handles the alert
            activity = alert.sudo().activity_id
            if activity:
                activity.action_feedback(feedback=feedback)
            else:
                record = alert.case_id or alert.partner_id
                if record:
                    # sudo: the customer's chatter may not be writable by a collector
                    record.sudo().message_post(body=feedback, subtype_xmlid="mail.mt_note")
        return True

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
