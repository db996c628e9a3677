# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .rcm_dispute_stage import CLOSED_STATES, EXCLUDING_STATES, MANUAL_STATES

COLLECTOR = "rcm_collections.group_rcm_collector"
MANAGER = "rcm_collections.group_rcm_manager"
ACTIVITY_APPROVAL = "rcm_disputes.mail_activity_type_rcm_dispute_approval"
ACTIVITY_SLA = "rcm_disputes.mail_activity_type_rcm_dispute_sla"
ACTIVITY_REVIEW = "rcm_disputes.mail_activity_type_rcm_dispute_review"

PRIORITIES = [("0", "Normal"), ("1", "Important"), ("2", "Urgent"), ("3", "Critical")]
ROOT_CAUSES = [
    ("pricing", "Pricing / Contract Error"),
    ("order_entry", "Order Entry Error"),
    ("logistics", "Shipping / Logistics"),
    ("quality", "Product Quality"),
    ("billing", "Billing Error"),
    ("agreement", "Undocumented Agreement"),
    ("customer", "Customer Error"),
    ("other", "Other"),
]
RESOLUTIONS = [
    ("credit_note", "Credit Note"),
    ("write_off", "Write-off"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
APPROVAL_STATES = [
    ("none", "Not Requested"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
VALIDITY = [("pending", "To Review"), ("valid", "Valid"), ("invalid", "Invalid")]
# What a portal user may give when raising a dispute (everything else is set by the flow).
PORTAL_FIELDS = {"reason_id", "description", "customer_ref"}
PORTAL_LINE_FIELDS = {"move_id", "amount", "note"}
# Fields of the collections desk: internal users read them, portal customers do not (even their own
# disputes' values).
INTERNAL = "base.group_user"
# Resolutions that reduce the receivable: they go through the approval threshold.
SETTLEMENTS = ("credit_note", "write_off")


class RcmDispute(models.Model):
    """A customer's dispute on one or more invoices, or a deduction taken from a payment.

    Deductions are disputes of kind ``deduction``: they share the lines, the reasons, the stages, the
    exclusion from collection and the resolutions, and add a validity review (valid: credit note or
    write-off; invalid: back to collection, re-billed when the invoice no longer carries the amount).

    While a dispute is New, Investigating or Pending Approval, each line's amount is excluded from
    collection through ``rcm.collection.exclusion`` (the backbone, the case figures and the strategy
    engine of rcm_collections honour it); closing the dispute releases it.
    """

    _name = "rcm.dispute"
    _description = "Dispute"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "rcm.workflow.mixin"]
    _mail_post_access = "read"  # customers reply on the portal without write access
    # Set by the flow only (rcm.workflow.mixin: a create/write of them outside superuser mode raises
    # AccessError; the flow writes them through _rcm_workflow_write). stage_id is guarded in write():
    # users may move a dispute between working stages by hand, the rest is the flow's.
    _rcm_workflow_fields = (
        "state",
        "is_closed",
        "resolution",
        "resolution_move_ids",
        "approval_state",
        "approval_user_id",
        "approval_date",
        "approval_amount",
        "approval_resolution",
        "date_closed",
        "sla_overdue",
        "validity",
        "payment_move_id",
    )
    _order = "priority desc, date_due, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, default="/", copy=False, index="trigram")
    kind = fields.Selection(
        [("dispute", "Dispute"), ("deduction", "Deduction")],
        required=True,
        default="dispute",
        readonly=True,
        index=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, readonly=True
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, precompute=True, readonly=True
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    line_ids = fields.One2many("rcm.dispute.line", "dispute_id", string="Invoices", copy=False)
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    reason_id = fields.Many2one("rcm.dispute.reason", required=True, tracking=True, ondelete="restrict")
    stage_id = fields.Many2one(
        "rcm.dispute.stage",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self._default_stage_id(),
        group_expand="_read_group_stage_ids",
        domain="[('applies_to', 'in', ('all', kind))]",
    )
    state = fields.Selection(related="stage_id.state", store=True, index=True, string="Status")
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    owner_id = fields.Many2one(
        "res.users",
        groups=INTERNAL,
        compute="_compute_owner_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who investigates: the salesperson of the invoice by default, else the customer's.",
    )
    task_force_ids = fields.Many2many(
        "res.users",
        "rcm_dispute_task_force_rel",
        "dispute_id",
        "user_id",
        groups=INTERNAL,
        compute="_compute_task_force_ids",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('share', '=', False)]",
        help="Users following the disputes of a problem account (set on the customer).",
    )
    # priority and date_due are in _order: portal customers search their disputes with it
    priority = fields.Selection(PRIORITIES, default="0", index=True, tracking=True)
    date = fields.Date(string="Raised On", required=True, default=fields.Date.context_today, readonly=True)
    date_due = fields.Date(
        string="Due Date",
        compute="_compute_date_due",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The day it was raised plus the SLA of the reason.",
    )
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False)
    sla_overdue = fields.Boolean(
        string="SLA Overdue",
        readonly=True,
        copy=False,
        index=True,
        groups=INTERNAL,
        help="Past its due date and still open.",
    )
    root_cause = fields.Selection(ROOT_CAUSES, tracking=True, groups=INTERNAL)
    customer_ref = fields.Char(string="Customer Reference")
    description = fields.Text()
    resolution = fields.Selection(RESOLUTIONS, readonly=True, copy=False, tracking=True)
    resolution_note = fields.Text(copy=False, groups=INTERNAL)
    resolution_move_ids = fields.Many2many(
        "account.move",
        "rcm_dispute_resolution_move_rel",
        "dispute_id",
        "move_id",
        string="Resolution Entries",
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    resolution_move_count = fields.Integer(compute="_compute_resolution_move_count", groups=INTERNAL)
    approval_state = fields.Selection(
        APPROVAL_STATES,
        default="none",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        groups=INTERNAL,
    )
    approval_user_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False, groups=INTERNAL
    )
    approval_date = fields.Datetime(string="Decided On", readonly=True, copy=False, groups=INTERNAL)
    approval_amount = fields.Monetary(
        string="Amount to Approve",
        readonly=True,
        copy=False,
        groups=INTERNAL,
        currency_field="company_currency_id",
        help="The accepted amount (company currency) frozen when the approval was requested: the manager "
        "approves this amount; changing the accepted amounts requests the approval again.",
    )
    approval_resolution = fields.Selection(
        [(key, label) for key, label in RESOLUTIONS if key in SETTLEMENTS],
        string="Resolution to Approve",
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    validity = fields.Selection(
        VALIDITY,
        default="pending",
        readonly=True,
        copy=False,
        tracking=True,
        groups=INTERNAL,
        help="Deductions: the outcome of the validity review.",
    )
    payment_move_id = fields.Many2one(
        "account.move",
        string="Payment",
        readonly=True,
        copy=False,
        groups=INTERNAL,
        help="Deductions: the payment that left the residual.",
    )
    amount_disputed = fields.Monetary(
        string="Disputed", compute="_compute_amounts", store=True, tracking=True, currency_field="currency_id"
    )
    amount_accepted = fields.Monetary(
        string="Accepted", compute="_compute_amounts", store=True, currency_field="currency_id"
    )
    amount_disputed_company = fields.Monetary(
        string="Disputed (Company Currency)",
        compute="_compute_amounts",
        store=True,
        currency_field="company_currency_id",
    )
    amount_accepted_company = fields.Monetary(
        string="Accepted (Company Currency)",
        compute="_compute_amounts",
        store=True,
        currency_field="company_currency_id",
    )
    needs_approval = fields.Boolean(
        compute="_compute_needs_approval",
        groups=INTERNAL,
        help="Settling the accepted amounts (credit note or write-off) exceeds the company's approval "
        "threshold: in total, or on one invoice with what other disputes already granted on it.",
    )
    case_id = fields.Many2one(
        "rcm.collection.case", compute="_compute_case_id", string="Collection Case", groups=COLLECTOR
    )

    # ------------------------------------------------------------------
    # Defaults and computes
    # ------------------------------------------------------------------
    def _default_stage_id(self):
        kind = self.env.context.get("default_kind") or "dispute"
        return self.env["rcm.dispute.stage"].search(
            [("state", "=", "new"), ("applies_to", "in", ("all", kind))], order="sequence, id", limit=1
        )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """Kanban columns: every stage that applies to the kind being shown (context default_kind)."""
        kind = self.env.context.get("default_kind")
        stage_domain = [("applies_to", "in", ("all", kind))] if kind else []
        return stages | stages.search(stage_domain, order=stages._order)

    @api.depends("line_ids.move_id.currency_id", "company_id")
    def _compute_currency_id(self):
        for dispute in self:
            dispute.currency_id = dispute.line_ids.move_id.currency_id[:1] or dispute.company_id.currency_id

    @api.depends("line_ids")
    def _compute_invoice_count(self):
        for dispute in self:
            dispute.invoice_count = len(dispute.line_ids.move_id)

    @api.depends("resolution_move_ids")
    def _compute_resolution_move_count(self):
        for dispute in self:
            dispute.resolution_move_count = len(dispute.resolution_move_ids)

    @api.depends("partner_id", "line_ids.move_id")
    def _compute_owner_id(self):
        for dispute in self:
            dispute.owner_id = (
                dispute.owner_id
                or dispute.line_ids.move_id.invoice_user_id.filtered(lambda u: not u.share)[:1]
                or dispute.partner_id.user_id.filtered(lambda u: not u.share)
            )

    @api.depends("partner_id")
    def _compute_task_force_ids(self):
        for dispute in self:
            # sudo: the task force of the account is set by collectors, read by whoever raises the dispute
            dispute.task_force_ids = (
                dispute.task_force_ids | dispute.partner_id.sudo().rcm_dispute_task_force_ids
            )

    @api.depends("date", "reason_id.sla_days")
    def _compute_date_due(self):
        for dispute in self:
            start = dispute.date or fields.Date.context_today(dispute)
            dispute.date_due = dispute.reason_id and start + timedelta(days=dispute.reason_id.sla_days)

    @api.depends(
        "line_ids.amount",
        "line_ids.amount_accepted",
        "line_ids.amount_company",
        "line_ids.amount_accepted_company",
    )
    def _compute_amounts(self):
        for dispute in self:
            lines = dispute.line_ids
            dispute.amount_disputed = sum(lines.mapped("amount"))
            dispute.amount_accepted = sum(lines.mapped("amount_accepted"))
            dispute.amount_disputed_company = sum(lines.mapped("amount_company"))
            dispute.amount_accepted_company = sum(lines.mapped("amount_accepted_company"))

    @api.depends(
        "line_ids.amount_accepted_company", "line_ids.move_id", "company_id.rcm_dispute_writeoff_threshold"
    )
    def _compute_needs_approval(self):
        for dispute in self:
            dispute.needs_approval = dispute._rcm_needs_approval()

    @api.depends("partner_id", "company_id")
    def _compute_case_id(self):
        cases = self.env["rcm.collection.case"].search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("state", "!=", "resolved"),
            ]
        )
        by_key = {(case.partner_id.id, case.company_id.id): case for case in cases}
        for dispute in self:
            dispute.case_id = by_key.get((dispute.partner_id.id, dispute.company_id.id), False)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for dispute in self:
            dispute.access_url = f"/my/disputes/{dispute.id}"

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for dispute in self:
            dispute.display_name = (
                f"{dispute.name} - {dispute.partner_id.name}" if dispute.partner_id else dispute.name
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date")
    def _check_date(self):
        # one day of tolerance: the day is the user's (time zones ahead of the server's)
        tomorrow = fields.Date.context_today(self) + timedelta(days=1)
        for dispute in self:
            if dispute.date and dispute.date > tomorrow:
                raise ValidationError(self.env._("Dispute %s cannot be raised in the future.", dispute.name))

    @api.constrains("line_ids", "partner_id", "company_id")
    def _check_lines(self):
        for dispute in self:
            if not dispute.line_ids:
                raise ValidationError(self.env._("A dispute needs at least one invoice."))
            if len(dispute.line_ids.move_id.currency_id) > 1:
                raise ValidationError(
                    self.env._("The invoices of one dispute must share a currency: raise one per currency.")
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._rcm_check_workflow_defaults()
        if not self.env.su:
            stage_model = self.env["rcm.dispute.stage"]
            for vals in vals_list:
                stage = stage_model.browse(vals.get("stage_id") or self.env.context.get("default_stage_id"))
                self.browse()._rcm_check_raised_stage(stage)
        for vals in vals_list:
            kind = vals.get("kind") or self.env.context.get("default_kind") or "dispute"
            if vals.get("name", "/") == "/":
                code = "rcm.deduction" if kind == "deduction" else "rcm.dispute"
                # sudo: the numbering is bookkeeping, whoever raises the dispute
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(code) or "/"
            self._prepare_partner_and_company(vals)
        disputes = super().create(vals_list)
        if not self.env.su:
            # a stage given in the values or as a default (kanban column): only the working ones; the
            # flow raises deduction proposals (draft) as superuser
            for dispute in disputes:
                dispute._rcm_check_raised_stage(dispute.stage_id)
        disputes._rcm_subscribe_team()
        disputes._rcm_sync_exclusions()
        for dispute in disputes.filtered(lambda d: d.state == "new"):
            dispute._rcm_notify_owner()
            # sudo: the case is the collectors' (a portal customer or salesperson may raise the dispute);
            # the dispute is the answer the strategy's pending step waited for
            dispute.sudo().case_id._rcm_complete_strategy_activities(
                self.env._("Dispute %s raised.", dispute.name)
            )
        return disputes

    def _prepare_partner_and_company(self, vals):
        """Complete creation values: the commercial partner, and the company of the invoices."""
        moves = self.env["account.move"]
        for command in vals.get("line_ids") or []:
            if (
                isinstance(command, (list, tuple))
                and command[0] == Command.CREATE
                and command[2].get("move_id")
            ):
                moves |= self.env["account.move"].browse(command[2]["move_id"])
        if vals.get("partner_id"):
            vals["partner_id"] = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id
        elif moves:
            vals["partner_id"] = moves[:1].commercial_partner_id.id
        if not vals.get("company_id") and moves:
            vals["company_id"] = moves[:1].company_id.id

    def _rcm_check_workflow_defaults(self):
        """Workflow fields cannot be given as defaults either (``default_<field>`` context keys, which
        an RPC client can set, would reach ``create`` after rcm.workflow.mixin checked the values)."""
        if self.env.su:
            return
        forbidden = [name for name in self._rcm_workflow_fields if f"default_{name}" in self.env.context]
        if forbidden:
            self._rcm_check_workflow_values(dict.fromkeys(forbidden))

    def write(self, vals):
        if "stage_id" in vals and not self.env.su:
            # by hand (kanban, statusbar, RPC): working stages only; the flow writes as superuser
            self._rcm_check_manual_stage(self.env["rcm.dispute.stage"].browse(vals["stage_id"]))
        if "kind" in vals and any(d.kind != vals["kind"] for d in self):
            raise UserError(self.env._("A dispute cannot become a deduction, nor the other way round."))
        res = super().write(vals)
        if "stage_id" in vals:
            self._rcm_sync_exclusions()
        if {"owner_id", "task_force_ids", "partner_id"} & set(vals):
            self._rcm_subscribe_team()
        return res

    def _rcm_check_raised_stage(self, stage):
        """Disputes are raised in a working stage (by hand); the flow raises deduction proposals."""
        stage = stage.exists()
        if stage and stage.state not in MANUAL_STATES:
            raise UserError(
                self.env._(
                    "A dispute cannot be raised in stage “%s”: it starts New or Investigating, the "
                    "buttons of the dispute take it further.",
                    stage.name,
                )
            )

    def _rcm_check_manual_stage(self, stage):
        """Only working stages may be reached by hand (kanban): closing and approval go through the
        buttons, which post the accounting and keep the trail."""
        for dispute in self:
            if dispute.stage_id == stage:
                continue
            if dispute.state not in MANUAL_STATES or stage.state not in MANUAL_STATES:
                raise UserError(
                    self.env._(
                        "Dispute %(dispute)s cannot be moved from “%(origin)s” to “%(target)s” by hand: "
                        "use the buttons of the dispute (confirm, resolve, reject, approve).",
                        dispute=dispute.name,
                        origin=dispute.stage_id.name,
                        target=stage.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_accounted(self):
        for dispute in self:
            if dispute.resolution_move_ids:
                raise UserError(
                    self.env._(
                        "Dispute %s has posted accounting entries: it cannot be deleted.", dispute.name
                    )
                )

    def unlink(self):
        # lines go with the dispute (cascade): release what they exclude from collection first
        self.line_ids._rcm_release_exclusions()
        return super().unlink()

    # ------------------------------------------------------------------
    # Collaboration and collections bookkeeping
    # ------------------------------------------------------------------
    def _rcm_subscribe_team(self):
        """Owner, task force and the customer's salesperson follow the dispute."""
        for dispute in self:
            users = dispute.owner_id | dispute.task_force_ids | dispute.partner_id.user_id
            partners = users.filtered(lambda u: not u.share).partner_id
            if partners:
                # sudo: followers are added by the flow, whoever raised the dispute (portal customers too)
                dispute.sudo().message_subscribe(partner_ids=partners.ids)

    def _rcm_notify_owner(self, summary=None):
        """A to-do for the owner (who is notified by email of the assignment)."""
        for dispute in self:
            owner = dispute.owner_id or dispute.case_id.sudo().user_id
            if not owner:
                continue
            # sudo: the activity is scheduled by the flow (a portal customer may have raised it)
            dispute.sudo().activity_schedule(
                ACTIVITY_REVIEW,
                date_deadline=dispute.date_due or fields.Date.context_today(dispute),
                summary=summary or self.env._("Investigate the dispute"),
                user_id=owner.id,
            )

    def _rcm_sync_exclusions(self):
        """Feed rcm_collections: exclude each line's amount while the dispute works, release it
        (amount 0) when it is closed or still to review. Only changed exclusions are written."""
        # sudo: the exclusions are collections bookkeeping (sales owners and portal users have no
        # access to them); see rcm.collection.exclusion._set_exclusion
        exclusion_model = self.env["rcm.collection.exclusion"].sudo()
        lines = self.line_ids
        if not lines:
            return
        existing = exclusion_model.with_context(active_test=False).search(
            [("source_ref", "in", [f"{line._name},{line.id}" for line in lines])]
        )
        current = {(excl.source_ref.id, excl.move_id.id): excl.amount for excl in existing}
        changed = self.env["account.move"]
        for line in lines:
            amount = line.amount if line.dispute_id.state in EXCLUDING_STATES else 0.0
            old = current.get((line.id, line.move_id.id), 0.0)
            if line.currency_id.compare_amounts(amount, old) != 0:
                exclusion_model._set_exclusion(
                    line, line.move_id, amount, "dispute", note=line.dispute_id.name, refresh=False
                )
                changed |= line.move_id
        if changed:
            # one backbone refresh for all the customers touched, not one per line
            self.env["rcm.partner.receivable"]._refresh_partners(changed.commercial_partner_id)

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    @api.model
    def _rcm_portal_create(self, invoice, values, line_values=None, attachments=None):
        """Raise a dispute on ``invoice`` for the current (portal) user.

        ``values`` may only hold PORTAL_FIELDS, ``line_values`` PORTAL_LINE_FIELDS; ``attachments`` is a
        list of (file name, bytes). The invoice must be readable by the user (it is their own) and belong
        to their commercial partner; the dispute is then created as superuser, so that the flow (owner,
        followers, activity, exclusion from collection) runs whoever the customer is.
        """
        user = self.env.user
        forbidden = (set(values) - PORTAL_FIELDS) | (set(line_values or {}) - PORTAL_LINE_FIELDS)
        if forbidden:
            raise AccessError(self.env._("You cannot set %s on a dispute.", ", ".join(sorted(forbidden))))
        invoice = invoice.with_env(self.env)
        invoice.check_access("read")
        if invoice.move_type != "out_invoice" or invoice.commercial_partner_id != user.commercial_partner_id:
            raise AccessError(self.env._("You can only dispute your own invoices."))
        reason = self.env["rcm.dispute.reason"].browse(values.get("reason_id")).exists()
        if not reason or not reason.sudo().portal_visible:
            raise ValidationError(self.env._("Choose the reason of your dispute."))
        line_values = dict(line_values or {})
        line_values.setdefault("amount", invoice.amount_residual)
        vals = {
            **values,
            "kind": "dispute",
            "partner_id": invoice.commercial_partner_id.id,
            "company_id": invoice.company_id.id,
            "line_ids": [Command.create({**line_values, "move_id": invoice.id})],
        }
        dispute = self.sudo().with_company(invoice.company_id).create(vals)
        # the customer's contact follows: they receive the replies posted on the portal; the owner (a
        # follower since the creation, with a to-do) is notified by the customer's message
        dispute.message_subscribe(partner_ids=user.partner_id.ids)
        intro = self.env._("Raised by %(user)s on the customer portal.", user=user.name)
        body = Markup("<p>%s</p><p>%s</p>") % (intro, values.get("description") or "")
        dispute.message_post(
            body=body,
            author_id=user.partner_id.id,
            attachments=list(attachments or []),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return dispute.sudo(False)

    # ------------------------------------------------------------------
    # Flow helpers
    # ------------------------------------------------------------------
    def _rcm_set_stage(self, state, values=None):
        """Move to the first stage meaning ``state`` (with ``values``), through the flow (the caller
        checked the step is allowed; the user must be able to write the disputes)."""
        self.check_access("write")
        stage_model = self.env["rcm.dispute.stage"]
        for dispute in self:
            stage = stage_model._get_stage(state, dispute.kind)
            vals = {"stage_id": stage.id, **(values or {})}
            if state in CLOSED_STATES:
                vals.setdefault("date_closed", fields.Date.context_today(dispute))
                vals["sla_overdue"] = False
            dispute._rcm_workflow_write(vals)
            if state in CLOSED_STATES:
                dispute.sudo().activity_unlink([ACTIVITY_APPROVAL, ACTIVITY_SLA, ACTIVITY_REVIEW])

    def _rcm_check_user(self, group=COLLECTOR):
        """The user is in ``group`` and may write these disputes (buttons then write the workflow
        fields as superuser, see rcm.workflow.mixin)."""
        if not self.env.su and not self.env.user.has_group(group):
            label = self.env._("Collections Manager") if group == MANAGER else self.env._("Collector")
            raise AccessError(self.env._("Only a %s can do this on a dispute.", label))
        self.check_access("write")

    def _rcm_is_approver(self):
        """Collections Managers (and the server's own flows) settle above the threshold without asking."""
        return self.env.su or self.env.user.has_group(MANAGER)

    def _rcm_check_state(self, states, action):
        for dispute in self:
            if dispute.state not in states:
                raise UserError(
                    self.env._(
                        "Dispute %(dispute)s is %(stage)s: you cannot %(action)s it.",
                        dispute=dispute.name,
                        stage=dispute.stage_id.name,
                        action=action,
                    )
                )

    def _rcm_check_accepted_lines(self):
        """Lines with an accepted amount, each within what is disputed and still open on the invoice."""
        self.ensure_one()
        if self.kind == "deduction" and self.validity != "valid":
            raise UserError(
                self.env._(
                    "Review deduction %s first: mark it valid before crediting or writing it off.", self.name
                )
            )
        lines = self.line_ids.filtered(
            lambda line: line.currency_id.compare_amounts(line.amount_accepted, 0) > 0
        )
        if not lines:
            raise UserError(self.env._("Dispute %s has no accepted amount to settle.", self.name))
        for line in lines:
            residual = line.move_id.amount_residual
            if line.currency_id.compare_amounts(line.amount_accepted, residual) > 0:
                raise UserError(
                    self.env._(
                        "Only %(residual)s is still open on invoice %(invoice)s: the accepted amount "
                        "%(accepted)s cannot be settled.",
                        residual=line.currency_id.format(residual),
                        invoice=line.move_id.name,
                        accepted=line.currency_id.format(line.amount_accepted),
                    )
                )
        return lines

    # ------------------------------------------------------------------
    # Approval threshold
    # ------------------------------------------------------------------
    def _rcm_settling_lines(self):
        """The lines this dispute would settle: accepted and not settled yet."""
        self.ensure_one()
        return self.line_ids.filtered(
            lambda line: (
                not line.resolution_move_id and line.currency_id.compare_amounts(line.amount_accepted, 0) > 0
            )
        )

    def _rcm_get_granted(self, invoices, exclude_lines):
        """{invoice: amount} (company currency) that other disputes already credited or wrote off on
        ``invoices``: their settled lines, ``exclude_lines`` left out."""
        # sudo: the threshold counts every dispute of the invoice, also those the user cannot read
        # (another owner's); only sums leave this method
        granted = (
            self.env["rcm.dispute.line"]
            .sudo()
            ._read_group(
                [
                    ("move_id", "in", invoices.ids),
                    ("resolution_move_id", "!=", False),
                    ("dispute_id.resolution", "in", SETTLEMENTS),
                    ("id", "not in", exclude_lines.ids),
                ],
                ["move_id"],
                ["amount_accepted_company:sum"],
            )
        )
        return {move.with_env(self.env): amount for move, amount in granted}

    def _rcm_needs_approval(self):
        """Settling the accepted amounts (credit note or write-off: both reduce the receivable) needs a
        Collections Manager's approval when it exceeds the company's threshold, either in total or on
        one invoice counted with what other disputes already granted on that invoice (so that one
        settlement split into several disputes, or lines, still reaches the threshold)."""
        self.ensure_one()
        company = self.company_id
        currency = company.currency_id
        threshold = company.rcm_dispute_writeoff_threshold
        lines = self._rcm_settling_lines()
        if not lines or not currency:
            return False
        if currency.compare_amounts(sum(lines.mapped("amount_accepted_company")), threshold) > 0:
            return True
        amounts = dict(self._rcm_get_granted(lines.move_id, self.line_ids))
        for line in lines:
            amounts[line.move_id] = amounts.get(line.move_id, 0.0) + line.amount_accepted_company
        for amount in amounts.values():
            if currency.compare_amounts(amount, threshold) > 0:
                return True
        return False

    def _rcm_settle(self, resolution):
        """Credit note or write-off of the accepted amounts; above the approval threshold a Collections
        Manager approves first (unless the requester is one, whose request is the approval)."""
        action = self.env._("credit") if resolution == "credit_note" else self.env._("write off")
        self._rcm_check_user()
        self._rcm_check_state(("new", "open"), action)
        for dispute in self:
            dispute._rcm_check_accepted_lines()
            if resolution == "write_off":
                dispute._rcm_get_write_off_account()
                dispute._rcm_get_write_off_journal()
            if dispute._rcm_needs_approval():
                if not self._rcm_is_approver():
                    dispute._rcm_request_approval(resolution)
                    continue
                dispute._rcm_workflow_write(
                    {
                        "approval_state": "approved",
                        "approval_user_id": self.env.uid,
                        "approval_date": fields.Datetime.now(),
                        "approval_amount": dispute.amount_accepted_company,
                        "approval_resolution": resolution,
                    }
                )
            dispute._rcm_post_resolution(resolution)

    def _rcm_post_resolution(self, resolution):
        """Post the settlement entries of the accepted lines and close the dispute as resolved."""
        self.ensure_one()
        if resolution == "write_off":
            self._rcm_resolve_write_off()
            return
        moves = self.env["account.move"]
        for line in self._rcm_check_accepted_lines():
            moves |= line._rcm_post_credit_note()
        self._rcm_close_resolved("credit_note", moves)

    def _rcm_amounts_changed(self):
        """Accepted amounts (or invoices) changed: a settlement waiting for approval is requested again
        for the new amounts (the manager approves what will be posted, never an older figure)."""
        for dispute in self.filtered(lambda d: d.state == "approval" and d.approval_state == "to_approve"):
            dispute.sudo().activity_unlink([ACTIVITY_APPROVAL])
            dispute.message_post(
                body=self.env._(
                    "The accepted amounts changed while waiting for approval: the approval is requested "
                    "again."
                )
            )
            dispute._rcm_request_approval(dispute.approval_resolution or "write_off")

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Deductions to review: confirm them; their amounts leave collection until resolved."""
        self._rcm_check_user()
        self._rcm_check_state(("draft",), self.env._("confirm"))
        self._rcm_set_stage("new")
        for dispute in self:
            dispute.message_post(body=self.env._("Deduction confirmed: excluded from collection."))
        self._rcm_notify_owner()

    def action_start(self):
        """Start the investigation (whoever may write the dispute: collectors, its owner)."""
        self.check_access("write")
        self._rcm_check_state(("new",), self.env._("start investigating"))
        self._rcm_set_stage("open")

    def action_mark_valid(self):
        """Deductions: the deduction is justified; settle it with a credit note or a write-off."""
        self._rcm_check_user()
        self._rcm_check_state(("new", "open"), self.env._("review"))
        if any(d.kind != "deduction" for d in self):
            raise UserError(self.env._("Only deductions have a validity review."))
        self._rcm_workflow_write({"validity": "valid"})
        self.filtered(lambda d: d.state == "new")._rcm_set_stage("open")
        for dispute in self:
            dispute.message_post(body=self.env._("Deduction reviewed: valid."))

    def action_mark_invalid(self):
        """Deductions: not justified; ask why, then back to collection."""
        return self._rcm_open_decision("invalid")

    def action_reject(self):
        """Reject the dispute (ask why); the amount returns to the collection flow."""
        return self._rcm_open_decision("reject")

    def action_cancel(self):
        """Withdraw the dispute, or dismiss a deduction proposal (ask why)."""
        return self._rcm_open_decision("cancel")

    def action_refuse(self):
        """Refuse a pending write-off (Collections Manager; ask why)."""
        self._rcm_check_user(MANAGER)
        return self._rcm_open_decision("refuse")

    def _rcm_open_decision(self, decision):
        return {
            "type": "ir.actions.act_window",
            "name": dict(
                self.env["rcm.dispute.decision.wizard"]._fields["decision"]._description_selection(self.env)
            )[decision],
            "res_model": "rcm.dispute.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_dispute_ids": self.ids, "default_decision": decision},
        }

    def action_credit_note(self):
        """Settle the accepted amounts with credit notes (Odoo reversals) reconciled with the invoices;
        above the company threshold a Collections Manager approves first (unless the requester is one)."""
        self._rcm_settle("credit_note")

    def action_write_off(self):
        """Write the accepted amounts off; above the company threshold a Collections Manager approves
        first (unless the requester is one)."""
        self._rcm_settle("write_off")

    def action_approve(self):
        """Collections Manager: approve the pending settlement, which is posted at once."""
        self._rcm_check_user(MANAGER)
        self._rcm_check_state(("approval",), self.env._("approve"))
        for dispute in self:
            if dispute.approval_state != "to_approve":
                raise UserError(
                    self.env._("Dispute %s has no settlement waiting for approval.", dispute.name)
                )
            dispute._rcm_check_accepted_lines()
            if dispute.company_currency_id.compare_amounts(
                dispute.approval_amount, dispute.amount_accepted_company
            ):
                # the lines re-request the approval when they change; this is the last safeguard
                raise UserError(
                    self.env._(
                        "The accepted amount of dispute %(dispute)s (%(amount)s) is not the amount whose "
                        "approval was requested (%(requested)s): request the approval again.",
                        dispute=dispute.name,
                        amount=dispute.company_currency_id.format(dispute.amount_accepted_company),
                        requested=dispute.company_currency_id.format(dispute.approval_amount),
                    )
                )
            resolution = dispute.approval_resolution or "write_off"
            dispute._rcm_workflow_write(
                {
                    "approval_state": "approved",
                    "approval_user_id": self.env.uid,
                    "approval_date": fields.Datetime.now(),
                }
            )
            dispute.sudo().activity_feedback(
                [ACTIVITY_APPROVAL],
                feedback=self.env._("Approved by %s", self.env.user.name),
            )
            dispute.message_post(
                body=self.env._(
                    "%(resolution)s of %(amount)s approved by %(user)s.",
                    resolution=dispute._rcm_resolution_label(resolution),
                    amount=dispute.currency_id.format(dispute.amount_accepted),
                    user=self.env.user.name,
                )
            )
            dispute._rcm_post_resolution(resolution)

    def action_reopen(self):
        """Reopen a rejected or cancelled dispute (nothing was posted): excluded from collection again."""
        self._rcm_check_user()
        for dispute in self:
            if dispute.state != "rejected" or dispute.resolution_move_ids:
                raise UserError(
                    self.env._("Only rejected disputes without accounting entries can be reopened.")
                )
            dispute.line_ids._rcm_check_open_amounts()
        self._rcm_set_stage(
            "open",
            {
                "resolution": False,
                "date_closed": False,
                "approval_state": "none",
                "approval_amount": 0.0,
                "approval_resolution": False,
                "validity": "pending",
            },
        )
        for dispute in self:
            dispute.message_post(body=self.env._("Reopened by %s.", self.env.user.name))

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action.update({"domain": [("id", "in", self.line_ids.move_id.ids)], "context": {"create": False}})
        return action

    def action_view_resolution_moves(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolution Entries"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.resolution_move_ids.ids)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------
    # Decisions (called by the decision wizard, with the reason)
    # ------------------------------------------------------------------
    def _rcm_decide(self, decision, note):
        """Apply ``decision`` (reject, cancel, invalid, refuse) with ``note`` as the reason."""
        if not (note or "").strip():
            raise UserError(self.env._("Give the reason of your decision."))
        getattr(self, f"_rcm_{decision}")(note)

    def _rcm_reject(self, note):
        self._rcm_check_user()
        self._rcm_check_state(("new", "open"), self.env._("reject"))
        self.line_ids.write({"amount_accepted": 0.0})
        self._rcm_set_stage("rejected", {"resolution": "rejected", "resolution_note": note})
        for dispute in self:
            dispute.message_post(
                body=self.env._("Rejected: %s. The amount returns to the collection flow.", note)
            )

    def _rcm_cancel(self, note):
        self._rcm_check_state(("draft", "new", "open"), self.env._("cancel"))
        if self.filtered(lambda d: d.state != "draft" or d.kind != "deduction"):
            self._rcm_check_user()
        self._rcm_set_stage("rejected", {"resolution": "cancelled", "resolution_note": note})
        for dispute in self:
            dispute.message_post(body=self.env._("Cancelled: %s", note))

    def _rcm_invalid(self, note):
        """Invalid deduction: back to collection; what the invoice no longer carries is re-billed."""
        self._rcm_check_user()
        self._rcm_check_state(("new", "open"), self.env._("review"))
        if any(d.kind != "deduction" for d in self):
            raise UserError(self.env._("Only deductions have a validity review."))
        for dispute in self:
            moves = self.env["account.move"]
            for line in dispute.line_ids:
                moves |= line._rcm_rebill_missing()
            dispute.line_ids.write({"amount_accepted": 0.0})
            dispute._rcm_set_stage(
                "rejected",
                {
                    "validity": "invalid",
                    "resolution": "rejected",
                    "resolution_note": note,
                    "resolution_move_ids": [Command.link(move.id) for move in moves],
                },
            )
            body = self.env._("Deduction invalid: %s. The amount is chased again by collections.", note)
            if moves:
                body = self.env._(
                    "%(body)s Re-billed: %(moves)s.", body=body, moves=", ".join(moves.mapped("name"))
                )
            dispute.message_post(body=body)

    def _rcm_refuse(self, note):
        self._rcm_check_user(MANAGER)
        self._rcm_check_state(("approval",), self.env._("refuse"))
        self._rcm_workflow_write(
            {
                "approval_state": "refused",
                "approval_user_id": self.env.uid,
                "approval_date": fields.Datetime.now(),
            }
        )
        self._rcm_set_stage("open")
        for dispute in self:
            dispute.sudo().activity_unlink([ACTIVITY_APPROVAL])
            dispute.message_post(
                body=self.env._(
                    "%(resolution)s refused by %(user)s: %(note)s",
                    resolution=dispute._rcm_resolution_label(dispute.approval_resolution or "write_off"),
                    user=self.env.user.name,
                    note=note,
                )
            )
            dispute._rcm_notify_owner(self.env._("Settlement refused: choose another resolution"))

    # ------------------------------------------------------------------
    # Resolutions
    # ------------------------------------------------------------------
    def _rcm_close_resolved(self, resolution, moves):
        self.ensure_one()
        self._rcm_set_stage(
            "resolved", {"resolution": resolution, "resolution_move_ids": [Command.link(m.id) for m in moves]}
        )
        label = self._rcm_resolution_label(resolution)
        self.message_post(
            body=self.env._(
                "Resolved by %(resolution)s of %(amount)s: %(moves)s.",
                resolution=label,
                amount=self.currency_id.format(self.amount_accepted),
                moves=", ".join(moves.mapped("name")),
            )
        )

    def _rcm_resolution_label(self, resolution):
        return dict(self._fields["resolution"]._description_selection(self.env))[resolution]

    def _rcm_request_approval(self, resolution="write_off"):
        """Wait for a Collections Manager's approval of ``resolution`` (credit note or write-off) of the
        accepted amounts, frozen now in ``approval_amount``."""
        self.ensure_one()
        label = self._rcm_resolution_label(resolution)
        self._rcm_set_stage(
            "approval",
            {
                "approval_state": "to_approve",
                "approval_user_id": False,
                "approval_date": False,
                "approval_amount": self.amount_accepted_company,
                "approval_resolution": resolution,
            },
        )
        managers = (
            self.env.ref(MANAGER)
            .sudo()
            .all_user_ids.filtered(lambda u: u.active and not u.share and self.company_id in u.company_ids)
        )
        for manager in managers:
            self.sudo().activity_schedule(
                ACTIVITY_APPROVAL,
                summary=self.env._(
                    "Approve the %(resolution)s of %(amount)s",
                    resolution=label.lower(),
                    amount=self.currency_id.format(self.amount_accepted),
                ),
                user_id=manager.id,
            )
        self.message_post(
            body=self.env._(
                "%(resolution)s of %(amount)s requested by %(user)s: above the approval threshold of "
                "%(threshold)s (in total, or on one invoice with what other disputes granted on it), it "
                "waits for a Collections Manager's approval.",
                resolution=label,
                amount=self.currency_id.format(self.amount_accepted),
                user=self.env.user.name,
                threshold=self.company_currency_id.format(self.company_id.rcm_dispute_writeoff_threshold),
            )
        )

    def _rcm_get_write_off_account(self):
        self.ensure_one()
        account = (
            self.reason_id.with_company(self.company_id).write_off_account_id
            or self.company_id.rcm_dispute_writeoff_account_id
        )
        if not account:
            raise UserError(
                self.env._(
                    "Set a write-off account on reason %s or in the Disputes settings of the company.",
                    self.reason_id.name,
                )
            )
        return account

    def _rcm_get_write_off_journal(self):
        self.ensure_one()
        journal = self.company_id.rcm_dispute_writeoff_journal_id or self.env[
            "account.journal"
        ].sudo().search(
            [("type", "=", "general"), *self.env["account.journal"]._check_company_domain(self.company_id)],
            limit=1,
        )
        if not journal:
            raise UserError(self.env._("Set the journal of dispute write-offs in the settings."))
        return journal

    def _rcm_resolve_write_off(self):
        self.ensure_one()
        account = self._rcm_get_write_off_account()
        journal = self._rcm_get_write_off_journal()
        moves = self.env["account.move"]
        for line in self._rcm_check_accepted_lines():
            moves |= line._rcm_post_write_off(account, journal)
        self._rcm_close_resolved("write_off", moves)

    # ------------------------------------------------------------------
    # Deductions from short payments
    # ------------------------------------------------------------------
    @api.model
    def _rcm_process_payment_residuals(self, invoices, payment_moves):
        """After a payment was reconciled with ``invoices``: propose (or open, per the company's policy)
        a deduction for the residual each invoice keeps, update proposals when more is paid, and cancel
        the proposals of invoices paid in full. Invoices in instalments or under an open promise to pay
        are left alone (a partial payment is expected there)."""
        line_model = self.env["rcm.dispute.line"]
        for invoice in invoices:
            company = invoice.company_id
            if company.rcm_deduction_policy == "off":
                continue
            open_lines = line_model.search(
                [("move_id", "=", invoice.id), ("dispute_id.is_closed", "=", False)]
            )
            proposals = open_lines.filtered(lambda line: line.dispute_id.state == "draft")
            amount = invoice.amount_residual - sum((open_lines - proposals).mapped("amount"))
            if invoice.currency_id.compare_amounts(amount, 0) <= 0:
                if proposals:
                    proposals.dispute_id._rcm_cancel(self.env._("the invoice was paid"))
                continue
            if proposals:
                proposals[:1].amount = amount
                continue
            if invoice.payment_state != "partial" or not self._rcm_is_deduction_candidate(invoice):
                continue
            self._rcm_create_deduction(invoice, amount, payment_moves)

    @api.model
    def _rcm_is_deduction_candidate(self, invoice):
        """A partially paid invoice whose residual is a deduction (not an expected partial payment)."""
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        if len(receivable) > 1:
            return False
        promised = self.env["rcm.promise"].search_count(
            [("invoice_ids", "in", invoice.ids), ("state", "=", "open")], limit=1
        )
        return not promised

    @api.model
    def _rcm_create_deduction(self, invoice, amount, payment_moves):
        company = invoice.company_id
        reason = company.rcm_deduction_reason_id or self.env.ref(
            "rcm_disputes.rcm_dispute_reason_short_payment", raise_if_not_found=False
        )
        if not reason:
            return self.browse()
        state = "new" if company.rcm_deduction_policy == "open" else "draft"
        payment = payment_moves.filtered(lambda m: m.commercial_partner_id == invoice.commercial_partner_id)[
            :1
        ]
        # sudo: the ledger raises the deduction in its own stage (draft or new) with its payment, both
        # set by the flow (rcm.workflow.mixin), whoever registered the payment
        deduction = (
            self.sudo()
            .with_company(company)
            .create(
                {
                    "kind": "deduction",
                    "partner_id": invoice.commercial_partner_id.id,
                    "company_id": company.id,
                    "reason_id": reason.id,
                    "stage_id": self.env["rcm.dispute.stage"]._get_stage(state, "deduction").id,
                    "payment_move_id": payment.id,
                    "description": self.env._(
                        "Short payment: %(residual)s left open on %(invoice)s.",
                        residual=invoice.currency_id.format(amount),
                        invoice=invoice.name,
                    ),
                    "line_ids": [Command.create({"move_id": invoice.id, "amount": amount})],
                }
            )
        )
        deduction.message_post(
            body=self.env._(
                "Deduction detected: payment %(payment)s left %(amount)s open on %(invoice)s.",
                payment=payment.name or "",
                amount=invoice.currency_id.format(amount),
                invoice=invoice.name,
            )
        )
        if state == "draft":
            deduction._rcm_notify_owner(self.env._("Review the deduction"))
        return deduction.with_env(self.env)

    # ------------------------------------------------------------------
    # SLA
    # ------------------------------------------------------------------
    @api.model
    def _rcm_get_sla_breaches(self, today):
        """``[(case id, dispute id, dispute name, due date)]`` of the open disputes past their SLA
        (``date_due`` before ``today``, stage not closed) of customers with an open case, in one query
        (the deviations of the cases, whether or not the SLA cron has run yet)."""
        self.env.flush_all()
        return self.env.execute_query(
            SQL(
                """
                SELECT c.id, d.id, d.name, d.date_due
                  FROM rcm_dispute d
                  JOIN rcm_collection_case c
                    ON c.partner_id = d.partner_id AND c.company_id = d.company_id AND c.state != 'resolved'
                 WHERE NOT COALESCE(d.is_closed, FALSE) AND d.date_due < %s
                 ORDER BY c.id, d.date_due, d.id
                """,
                today,
            )
        )

    @api.model
    def _cron_check_sla(self, today=None):
        """Daily: flag open disputes past their due date and give their owner one activity (once);
        clear the flag of those closed or postponed."""
        today = today or fields.Date.context_today(self)
        late = self.search([("is_closed", "=", False), ("date_due", "<", today), ("sla_overdue", "=", False)])
        for dispute in late:
            dispute._rcm_workflow_write({"sla_overdue": True})
            user = dispute.owner_id or dispute.create_uid
            has_activity = dispute.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref(ACTIVITY_SLA)
            )
            if not has_activity:
                dispute.activity_schedule(
                    ACTIVITY_SLA,
                    date_deadline=today,
                    summary=self.env._("SLA overdue since %s", dispute.date_due),
                    user_id=user.id,
                )
            dispute.message_post(
                body=self.env._("SLA overdue: the due date %s has passed.", dispute.date_due)
            )
        self.search(
            [("sla_overdue", "=", True), "|", ("is_closed", "=", True), ("date_due", ">=", today)]
        )._rcm_workflow_write({"sla_overdue": False})
        return late
