# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import aging, contact_policy, risk


class ResCompany(models.Model):
    _inherit = "res.company"

    rcm_aging_limits = fields.Char(
        string="Aging Buckets",
        default="30,60,90,120",
        required=True,
        help="Upper limits in days overdue of the aging buckets after 'Current', e.g. 30,60,90,120 "
        "gives Current, 1-30, 31-60, 61-90, 91-120 and >120.",
    )
    rcm_overdue_tolerance = fields.Monetary(
        string="Collection Tolerance",
        default=1.0,
        currency_field="currency_id",
        help="A customer whose collectible overdue amount is at or below this amount opens no "
        "collection case and triggers no strategy step.",
    )
    rcm_promise_grace_days = fields.Integer(
        string="Promise Grace Days",
        default=3,
        help="Days after a promised date before an unpaid promise is broken.",
    )
    rcm_collections_manager_id = fields.Many2one(
        "res.users",
        string="Collections Manager",
        domain="[('share', '=', False)]",
        help="Receives the collection work nobody else owns: activities and escalations of cases without "
        "a collector or team leader.",
    )
    rcm_risk_thresholds = fields.Char(
        string="Risk Thresholds",
        default="25,50,75",
        required=True,
        help="Risk points (0-100) at which a customer becomes medium, high and critical risk.",
    )

    # Contact policy (see rcm.contact): every path that contacts a customer obeys it
    rcm_contact_min_days = fields.Integer(
        string="Minimum Days Between Contacts",
        default=5,
        help="A customer is contacted again (email, letter, SMS, statement) at the earliest this many days "
        "after the last contact; never twice the same day.",
    )
    rcm_contact_max_30d = fields.Integer(
        string="Maximum Contacts per 30 Days",
        default=4,
        help="At most this many contacts with a customer in any 30 days (0: no limit).",
    )
    rcm_contact_skip_non_working = fields.Boolean(
        string="No Contact on Non-Working Days",
        help="No customer is contacted on the company's non-working days: the days its working "
        "schedule has no attendance and its public holidays (Saturday and Sunday without a schedule). "
        "On for the main company of a fresh install; off for other companies until set.",
    )

    @api.constrains("rcm_contact_min_days", "rcm_contact_max_30d")
    def _check_rcm_contact_policy(self):
        for company in self:
            if company.rcm_contact_min_days < 0 or company.rcm_contact_max_30d < 0:
                raise ValidationError(self.env._("The contact policy's days and counts cannot be negative."))

    def _rcm_is_contact_day(self, day):
        """Whether the contact policy allows contacting customers on ``day``: always when the company
        does not skip non-working days; else a working day of its schedule (``resource_calendar_id``,
        ``account`` brings ``resource`` through ``digest``) that is no public holiday (global leave),
        or Monday to Friday without a schedule."""
        self.ensure_one()
        if not self.rcm_contact_skip_non_working:
            return True
        calendar = self.resource_calendar_id if "resource_calendar_id" in self._fields else False
        if not calendar:
            return not contact_policy.is_weekend(day)
        if not calendar._works_on_date(day):
            return False
        start = fields.Datetime.to_datetime(day)
        holidays = self.env["resource.calendar.leaves"].search_count(
            [
                ("calendar_id", "in", [calendar.id, False]),
                ("resource_id", "=", False),
                ("company_id", "in", [self.id, False]),
                ("date_from", "<", start + timedelta(days=1)),
                ("date_to", ">", start),
            ],
            limit=1,
        )
        return not holidays

    @api.constrains("rcm_promise_grace_days", "rcm_overdue_tolerance")
    def _check_rcm_promise_grace_days(self):
        for company in self:
            if company.rcm_promise_grace_days < 0:
                raise ValidationError(self.env._("The promise grace period cannot be negative."))
            if company.rcm_overdue_tolerance < 0:
                raise ValidationError(self.env._("The collection tolerance cannot be negative."))

    @api.constrains("rcm_aging_limits")
    def _check_rcm_aging_limits(self):
        for company in self:
            try:
                limits = aging.parse_limits(company.rcm_aging_limits)
            except ValueError as error:
                raise ValidationError(self.env._("Aging buckets: %s", error)) from error
            if len(limits) != 5:
                raise ValidationError(
                    self.env._("Aging buckets: give exactly four limits after Current, e.g. 30,60,90,120.")
                )

    @api.constrains("rcm_risk_thresholds")
    def _check_rcm_risk_thresholds(self):
        for company in self:
            try:
                risk.check_thresholds(company._rcm_get_risk_thresholds())
            except ValueError as error:
                raise ValidationError(self.env._("Risk thresholds: %s", error)) from error

    def _rcm_get_aging_limits(self):
        """Aging limits of the company as a tuple with the implicit leading 0 (see services.aging)."""
        self.ensure_one()
        return aging.parse_limits(self.rcm_aging_limits or "30,60,90,120")

    def _rcm_get_risk_thresholds(self):
        """Risk class thresholds (medium, high, critical) as a tuple of floats."""
        self.ensure_one()
        try:
            return tuple(float(part) for part in (self.rcm_risk_thresholds or "25,50,75").split(","))
        except ValueError as error:
            raise ValidationError(
                self.env._("Risk thresholds must be three numbers such as 25,50,75.")
            ) from error
