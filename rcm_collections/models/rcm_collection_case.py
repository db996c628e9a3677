# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..services import deviation as deviation_service
from ..services import scoring
from .rcm_partner_receivable import RISK_CLASSES

CASE_STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("promised", "Promised"),
    ("disputed", "Disputed"),
    ("escalated", "Escalated"),
    ("on_hold", "On Hold"),
    ("resolved", "Resolved"),
]
OPEN_STATES = ("new", "in_progress", "promised", "disputed", "escalated", "on_hold")
# States the ledger may move a case out of by itself (the others are a collector's decision).
AUTO_STATES = ("new", "in_progress", "promised", "disputed")


class RcmCollectionCase(models.Model):
    _name = "rcm.collection.case"
    _description = "Collection Case"
    _inherit = ["mail.thread", "mail.activity.mixin", "rcm.workflow.mixin"]
    _order = "priority_score desc, collectible_overdue desc, id"
    _check_company_auto = True
    # states and dates are set by the flows, figures and flags copied from the ledger by the sync
    _rcm_workflow_fields = (
        "state",
        "date_closed",
        "date_open",
        "priority_score",
        "total_due",
        "total_overdue",
        "collectible_overdue",
        "amount_disputed",
        "amount_promised",
        "oldest_overdue_days",
        "oldest_due_date",
        "risk_class",
        "deviation",
        "deviation_reason",
        "deviation_acknowledged",
        "deviation_ack_reason",
        "deviation_ack_date",
        "deviation_ack_user_id",
        "deviation_ack_note",
    )

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, readonly=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    receivable_id = fields.Many2one(
        "rcm.partner.receivable", compute="_compute_receivable_id", compute_sudo=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Collector",
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("rcm.collection.team", index=True, tracking=True, check_company=True)
    strategy_id = fields.Many2one("rcm.collection.strategy", index=True, tracking=True, check_company=True)
    step_id = fields.Many2one(
        "rcm.collection.strategy.step",
        string="Current Step",
        tracking=True,
        domain="[('strategy_id', '=', strategy_id)]",
        help="The last step of the strategy carried out on this case.",
    )
    step_date = fields.Date(help="When the current step was carried out.")
    next_step_id = fields.Many2one(
        "rcm.collection.strategy.step",
        compute="_compute_next_step",
    )
    next_action_date = fields.Date(
        compute="_compute_next_step",
    )
    state = fields.Selection(
        CASE_STATES, default="new", required=True, index=True, tracking=True, readonly=True
    )
    date_open = fields.Date(string="Opened On", default=fields.Date.context_today, readonly=True)
    date_closed = fields.Date(string="Resolved On", readonly=True)
    priority_score = fields.Float(
        digits=(16, 2), readonly=True, index=True, help="0-100, see rcm_collections/services/scoring.py."
    )
    # Figures copied from the backbone by the (set-based) synchronisation, stored to sort and filter.
    total_due = fields.Monetary(readonly=True)
    total_overdue = fields.Monetary(string="Overdue", readonly=True)
    collectible_overdue = fields.Monetary(readonly=True)
    amount_disputed = fields.Monetary(string="Disputed", readonly=True)
    amount_promised = fields.Monetary(string="Promised", readonly=True)
    oldest_overdue_days = fields.Integer(readonly=True)
    oldest_due_date = fields.Date(
        readonly=True, help="Due date of the oldest overdue item still collectible (drives the strategy)."
    )
    risk_class = fields.Selection(RISK_CLASSES, readonly=True, index=True)
    deviation = fields.Boolean(readonly=True, index=True, tracking=True)
    deviation_reason = fields.Char(readonly=True, help="Every live reason of the flag.")
    deviation_acknowledged = fields.Boolean(
        string="Flag Acknowledged",
        readonly=True,
        index=True,
        copy=False,
        help="A collector acknowledged the flag with a note: it no longer needs attention until a new "
        "reason appears.",
    )
    deviation_ack_reason = fields.Char(string="Acknowledged Reasons", readonly=True, copy=False)
    deviation_ack_date = fields.Datetime(string="Acknowledged On", readonly=True, copy=False)
    deviation_ack_user_id = fields.Many2one("res.users", string="Acknowledged By", readonly=True, copy=False)
    deviation_ack_note = fields.Text(string="Acknowledgement Note", readonly=True, copy=False)
    hold_reason = fields.Char(tracking=True)
    promise_ids = fields.One2many("rcm.promise", "case_id", string="Promises")
    call_ids = fields.One2many("rcm.call.log", "case_id", string="Calls")
    call_count = fields.Integer(compute="_compute_counts")
    promise_count = fields.Integer(compute="_compute_counts")
    open_item_ids = fields.Many2many(
        "account.move.line", compute="_compute_open_item_ids", string="Open Items"
    )
    contact_ids = fields.One2many(related="partner_id.child_ids", string="Contacts")
    credit_hold = fields.Boolean(related="partner_id.rcm_credit_hold")
    invoice_contact_id = fields.Many2one(
        "res.partner",
        compute="_compute_invoice_contact_id",
        string="Billing Contact",
        help="Who collection emails go to: the customer's invoice address, else the customer.",
    )

    _open_case_uniq = models.UniqueIndex(
        "(partner_id, company_id) WHERE state != 'resolved'",
        "A customer has one open collection case per company.",
    )

    @api.depends("partner_id", "company_id")
    def _compute_receivable_id(self):
        rows = self.env["rcm.partner.receivable"].search(
            [("partner_id", "in", self.partner_id.ids), ("company_id", "in", self.company_id.ids)]
        )
        by_key = {(row.partner_id.id, row.company_id.id): row for row in rows}
        for case in self:
            case.receivable_id = by_key.get((case.partner_id.id, case.company_id.id), False)

    @api.depends("partner_id.child_ids.type")
    def _compute_invoice_contact_id(self):
        contacts = self.partner_id._rcm_get_invoice_contacts()
        for case in self:
            case.invoice_contact_id = contacts.get(case.partner_id.id, False)

    def _mail_get_partner_fields(self, introspect_fields=False):
        # emails of the collection desk go to the billing contact of the customer
        return ["invoice_contact_id"]

    @api.depends("promise_ids", "call_ids")
    def _compute_counts(self):
        for case in self:
            case.call_count = len(case.call_ids)
            case.promise_count = len(case.promise_ids)

    @api.depends("partner_id", "company_id")
    def _compute_open_item_ids(self):
        for case in self:
            case.open_item_ids = self.env["account.move.line"].search(case._get_open_items_domain())

    @api.depends("strategy_id", "step_id", "step_date", "date_open", "oldest_due_date")
    def _compute_next_step(self):
        today = fields.Date.context_today(self)
        for case in self:
            step = case._get_next_step()
            case.next_step_id = step
            case.next_action_date = step and case._get_step_due_date(step, today)

    def _get_open_items_domain(self):
        """Domain of the open receivable items of the case's customer (the 360 view's list)."""
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("partner_id", "child_of", self.partner_id.id),
            ("account_id.account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("amount_residual", "!=", 0),
        ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("rcm.collection.case") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        """A case that was worked (calls, promises, a strategy step or a state other than new) is the
        customer's collection history: it is resolved, never deleted."""
        calls = self.env["rcm.call.log"].sudo().search_count([("case_id", "in", self.ids)], limit=1)
        promises = self.env["rcm.promise"].sudo().search_count([("case_id", "in", self.ids)], limit=1)
        if calls or promises or self.filtered(lambda c: c.state != "new" or c.step_date):
            raise UserError(
                self.env._(
                    "A collection case with history (calls, promises, steps) cannot be deleted: it is "
                    "resolved when nothing is overdue any more."
                )
            )

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for case in self:
            case.display_name = f"{case.name} - {case.partner_id.name}" if case.partner_id else case.name

    # ------------------------------------------------------------------
    # Synchronisation with the ledger (set-based)
    # ------------------------------------------------------------------
    @api.model
    def _sync_cases(self, companies=None, partner_ids=None, today=None):
        """Open, update and resolve cases from the backbone, for all customers or ``partner_ids``.

        A case opens for a customer whose overdue amount exceeds the company's tolerance and that
        has no open case; it resolves when nothing is overdue any more. Figures and priority scores
        of open cases are copied with one UPDATE, only where they changed.
        """
        today = today or fields.Date.context_today(self)
        companies = companies or self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        self.env.flush_all()
        scope = SQL("AND r.partner_id = ANY(%s)", list(partner_ids)) if partner_ids is not None else SQL()
        to_open = []
        for company in companies:
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT r.partner_id FROM rcm_partner_receivable r
                     WHERE r.company_id = %s AND r.total_overdue > %s %s
                       AND NOT EXISTS (SELECT 1 FROM rcm_collection_case c
                                        WHERE c.partner_id = r.partner_id AND c.company_id = r.company_id
                                          AND c.state != 'resolved')
                    """,
                    company.id,
                    company.rcm_overdue_tolerance,
                    scope,
                )
            )
            to_open += [
                self._prepare_case_values(self.env["res.partner"].browse(row[0]), company) for row in rows
            ]
        new_cases = self.browse()
        if to_open:
            new_cases = (
                self.sudo()
                .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
                .create(to_open)
            )
        # Resolve cases with nothing overdue any more.
        to_resolve = self.browse(
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT c.id FROM rcm_collection_case c
                      JOIN res_company co ON co.id = c.company_id
                      LEFT JOIN rcm_partner_receivable r
                             ON r.partner_id = c.partner_id AND r.company_id = c.company_id
                     WHERE c.state != 'resolved' AND c.company_id = ANY(%s)
                       AND COALESCE(r.total_overdue, 0) <= co.rcm_overdue_tolerance
                       %s
                    """,
                    companies.ids,
                    SQL("AND c.partner_id = ANY(%s)", list(partner_ids))
                    if partner_ids is not None
                    else SQL(),
                )
            )
        )
        if to_resolve:
            to_resolve.sudo()._resolve(today)
        self._update_figures(companies, partner_ids)
        if new_cases:
            new_cases._assign_team_and_collector()
            new_cases._assign_strategy()
        return new_cases

    @api.model
    def _prepare_case_values(self, partner, company):
        """Values of a new case for ``partner`` (commercial) in ``company``."""
        return {"partner_id": partner.id, "company_id": company.id, "state": "new"}

    def _resolve(self, today):
        """Close the cases: nothing is overdue any more. History (chatter, calls, promises) stays."""
        self._rcm_workflow_write(
            {"state": "resolved", "date_closed": today, "deviation": False, "deviation_reason": False}
        )
        self.activity_ids.unlink()
        for case in self:
            case.message_post(body=self.env._("Resolved: the customer has nothing overdue any more."))

    @api.model
    def _get_figures_extra(self, companies, partner_ids=None):
        """Extension hook: more figures for the open cases of ``companies`` (restricted to the commercial
        partners ``partner_ids`` when given), as ``{case id: {key: value}}``.

        ``_update_figures`` merges them into each case's row before ``_get_priority_score`` and
        ``_get_auto_state`` read it. Compute them set-based (one query for all the cases), e.g.
        rcm_reports adds the customer's predicted lateness. The base adds nothing.
        """
        return {}

    @api.model
    def _update_figures(self, companies, partner_ids=None):
        """Copy backbone figures into open cases and recompute priority scores (set-based)."""
        # the aggregates are restricted to the customers too: PostgreSQL does not push the join
        # condition into a grouped subquery, so unrestricted they would aggregate every customer's
        # exclusions and promises for a one-customer refresh
        scope = {
            alias: SQL("AND %s = ANY(%s)", SQL.identifier(alias, "partner_id"), list(partner_ids))
            if partner_ids is not None
            else SQL()
            for alias in ("c", "e", "p")
        }
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT c.id, c.total_due AS old_due, c.total_overdue AS old_overdue,
                       c.collectible_overdue AS old_collectible, c.amount_disputed AS old_disputed,
                       c.amount_promised AS old_promised, c.oldest_overdue_days AS old_days,
                       c.risk_class AS old_risk, c.priority_score AS old_score, c.state,
                       COALESCE(r.total_due, 0) AS total_due, COALESCE(r.total_overdue, 0) AS total_overdue,
                       COALESCE(r.collectible_overdue, 0) AS collectible_overdue,
                       COALESCE(r.oldest_collectible_days, 0) AS oldest_days,
                       r.oldest_collectible_due AS oldest_due, c.oldest_due_date AS old_oldest_due,
                       COALESCE(r.risk_class, 'low') AS risk_class,
                       COALESCE(ex.disputed, 0) AS disputed, COALESCE(pr.promised, 0) AS promised,
                       COALESCE(pr.open_count, 0) AS open_promises,
                       COALESCE(bp.broken, 0) AS broken
                  FROM rcm_collection_case c
                  LEFT JOIN rcm_partner_receivable r
                         ON r.partner_id = c.partner_id AND r.company_id = c.company_id
                  LEFT JOIN (
                        SELECT e.partner_id, e.company_id, SUM(e.amount_company) AS disputed
                          FROM rcm_collection_exclusion e
                         WHERE e.active AND e.reason = 'dispute' %(scope_e)s
                         GROUP BY e.partner_id, e.company_id) ex
                         ON ex.partner_id = c.partner_id AND ex.company_id = c.company_id
                  LEFT JOIN (
                        SELECT p.case_id,
                               SUM(p.amount_company - COALESCE(p.paid_amount_company, 0)) AS promised,
                               COUNT(*) AS open_count
                          FROM rcm_promise p WHERE p.state = 'open' %(scope_p)s
                         GROUP BY p.case_id) pr ON pr.case_id = c.id
                  LEFT JOIN (
                        SELECT p.partner_id, p.company_id, COUNT(*) AS broken
                          FROM rcm_promise p
                         WHERE p.state = 'broken' AND p.promised_date > CURRENT_DATE - 365 %(scope_p)s
                         GROUP BY p.partner_id, p.company_id) bp
                         ON bp.partner_id = c.partner_id AND bp.company_id = c.company_id
                 WHERE c.state != 'resolved' AND c.company_id = ANY(%(companies)s) %(scope_c)s
                """,
                companies=companies.ids,
                scope_c=scope["c"],
                scope_e=scope["e"],
                scope_p=scope["p"],
            )
        )
        extra = self._get_figures_extra(companies, partner_ids)
        updates = []
        for row in rows:
            row.update(extra.get(row["id"], ()))
            score = self._get_priority_score(row)
            state = self._get_auto_state(row)
            new = (
                row["total_due"],
                row["total_overdue"],
                row["collectible_overdue"],
                row["disputed"],
                row["promised"],
                row["oldest_days"],
                row["oldest_due"],
                row["risk_class"],
                score,
                state,
            )
            old = (
                row["old_due"],
                row["old_overdue"],
                row["old_collectible"],
                row["old_disputed"],
                row["old_promised"],
                row["old_days"],
                row["old_oldest_due"],
                row["old_risk"],
                row["old_score"],
                row["state"],
            )
            if new != old:
                updates.append((row["id"], *new))
        if not updates:
            return
        columns = list(zip(*updates, strict=True))
        self.env.execute_query(
            SQL(
                """
                UPDATE rcm_collection_case c
                   SET total_due = v.total_due, total_overdue = v.total_overdue,
                       collectible_overdue = v.collectible, amount_disputed = v.disputed,
                       amount_promised = v.promised, oldest_overdue_days = v.days, oldest_due_date = v.due,
                       risk_class = v.risk, priority_score = v.score, state = v.state,
                       write_date = now() AT TIME ZONE 'UTC', write_uid = %s
                  FROM unnest(%s::int[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[],
                              %s::numeric[], %s::int[], %s::date[], %s::varchar[], %s::float[], %s::varchar[])
                       AS v(id, total_due, total_overdue, collectible, disputed, promised, days, due,
                            risk, score, state)
                 WHERE c.id = v.id
                """,
                self.env.uid,
                *[list(col) for col in columns],
            )
        )
        self.invalidate_model()

    @api.model
    def _get_priority_score_inputs(self, row):
        """Extension hook: the keyword arguments of ``services.scoring.priority_score`` for a case's
        row of ``_update_figures`` (with what ``_get_figures_extra`` added to it)."""
        return {
            "overdue_amount": max(0.0, float(row["collectible_overdue"])),
            "max_days_overdue": row["oldest_days"],
            "risk_class": row["risk_class"],
            "broken_promises": row["broken"],
        }

    @api.model
    def _get_priority_score(self, row):
        """Priority score of a case from its synchronised figures (see services.scoring)."""
        return scoring.priority_score(**self._get_priority_score_inputs(row))

    @api.model
    def _get_auto_state(self, row):
        """State the ledger puts a case in: promised while a promise is open, disputed while the
        whole overdue is disputed, back in progress when neither holds any more."""
        state = row["state"]
        if state not in AUTO_STATES:
            return state
        if row["open_promises"]:
            return "promised"
        if row["disputed"] and row["collectible_overdue"] <= 0:
            return "disputed"
        if state in ("promised", "disputed"):
            return "in_progress"
        return state

    # ------------------------------------------------------------------
    # Assignment
    # ------------------------------------------------------------------
    def _assign_team_and_collector(self):
        """Assign team and collector with the assignment rules (cases without a collector only)."""
        self.env["rcm.collection.assignment.rule"]._apply(self.filtered(lambda c: not c.user_id))

    def _assign_strategy(self):
        """Pick the first matching strategy for cases without one."""
        self.env["rcm.collection.strategy"]._assign(self.filtered(lambda c: not c.strategy_id))

    # ------------------------------------------------------------------
    # Strategy engine
    # ------------------------------------------------------------------
    def _get_next_step(self):
        """The step after the current one in the case's strategy (empty when at the end)."""
        self.ensure_one()
        steps = self.strategy_id.step_ids.sorted(lambda s: (s.sequence, s.id))
        if not self.step_id:
            return steps[:1]
        after = steps.filtered(lambda s: (s.sequence, s.id) > (self.step_id.sequence, self.step_id.id))
        return after[:1]

    def _get_step_due_date(self, step, today):
        """Date on which ``step`` triggers for this case."""
        self.ensure_one()
        if step.trigger_type == "days_overdue":
            if not self.oldest_due_date:
                return False
            return self.oldest_due_date + timedelta(days=step.trigger_days)
        base = self.step_date or self.date_open or today
        return base + timedelta(days=step.trigger_days)

    def _is_paused(self):
        """True while the strategy must not act: on hold, or nothing collectible (all promised or
        disputed), or the customer is on credit hold by a collector's decision."""
        self.ensure_one()
        tolerance = self.company_id.rcm_overdue_tolerance
        return self.state in ("on_hold", "resolved") or self.collectible_overdue <= tolerance

    @api.model
    def _get_advance_domain(self, today):
        """Cases the strategy cron may advance today."""
        return [
            ("state", "not in", ("on_hold", "resolved")),
            ("strategy_id", "!=", False),
            "|",
            ("step_date", "=", False),
            ("step_date", "<", today),
        ]

    @api.model
    def _advance_cases(self, today=None, cases=None):
        """Carry out at most one due step per case (the strategy engine). Returns the advanced cases.

        A case moves at most one step a day, so running twice on the same day does nothing the second
        time; cases locked by a concurrent run are skipped (``FOR UPDATE SKIP LOCKED``).
        """
        today = today or fields.Date.context_today(self)
        if cases is None:
            cases = self.search(self._get_advance_domain(today), order="id")
        cases = cases.filtered_domain(self._get_advance_domain(today)).try_lock_for_update()
        self.env["rcm.collection.strategy"]._rematch(cases)
        by_step = {}
        for case in cases:
            if case._is_paused():
                continue
            step = case._get_next_step()
            due = step and case._get_step_due_date(step, today)
            if due and due <= today:
                by_step.setdefault(step, self.browse())
                by_step[step] |= case
        advanced = self.browse()
        for step, step_cases in by_step.items():
            step_cases = step._get_executable_cases(step_cases, today)
            if not step_cases:
                continue
            step_cases.write({"step_id": step.id, "step_date": today})
            step_cases.filtered(lambda c: c.state == "new")._rcm_workflow_write({"state": "in_progress"})
            step._execute(step_cases, today=today)
            advanced |= step_cases
        return advanced

    @api.model
    def _cron_advance_strategies(self, batch_size=500):
        """Cron: advance every case through its strategy in committed batches, then flag deviations.

        Batches walk the cases by id; an interrupted run resumes safely because advanced cases carry
        today's step date and are not candidates any more.
        """
        today = fields.Date.context_today(self)
        domain = self._get_advance_domain(today)
        last_id = 0
        while True:
            cases = self.search([*domain, ("id", ">", last_id)], limit=batch_size, order="id")
            if not cases:
                break
            self._advance_cases(today=today, cases=cases)
            last_id = cases[-1].id
            remaining = self.search_count([*domain, ("id", ">", last_id)])
            if not self.env["ir.cron"]._commit_progress(len(cases), remaining=remaining):
                return
        self._flag_deviations(today)

    # ------------------------------------------------------------------
    # Deviations and escalation
    # ------------------------------------------------------------------
    @api.model
    def _get_deviations(self, today):
        """{case id: [reason, ...]} of the open cases deviating from the process today, one list of
        live reasons per case. Extension point: extensions add their sources (one query per source,
        never one per case) and append to the lists; a reason is a stable, human sentence (the same
        cause gives the same text every day, so that an acknowledged flag stays acknowledged).

        Base sources: overdue activities (missed SLA of a manual step, forgotten call), broken and
        partially kept promises still owed (see ``rcm.promise._rcm_get_deviating_promises``)."""
        self.env.flush_all()  # the queries below read activities and promises done in this transaction
        deviations = defaultdict(list)
        for (case_id,) in self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT a.res_id FROM mail_activity a
                  JOIN rcm_collection_case c ON c.id = a.res_id
                 WHERE a.res_model = 'rcm.collection.case' AND a.date_deadline < %s
                   AND a.active AND c.state != 'resolved'
                """,
                today,
            )
        ):
            deviations[case_id].append(self.env._("Overdue activities (missed SLA)"))
        for case_id, reason, _promise_id, _escalated in self.env["rcm.promise"]._rcm_get_deviating_promises(
            today
        ):
            deviations[case_id].append(reason)
        return deviations

    @api.model
    def _flag_deviations(self, today=None):
        """Flag deviating cases with all their live reasons, clear the flag of the others.

        A case gaining a reason it did not have is escalated (unless already escalated) when its
        strategy says so (``escalate_deviations``; a case without strategy escalates), a broken or
        partially kept promise only once; an acknowledged flag stays acknowledged while no new
        reason appears."""
        today = today or fields.Date.context_today(self)
        deviations = {case_id: reasons for case_id, reasons in self._get_deviations(today).items() if reasons}
        # rules of the flag (reasons, gained, acknowledged): rcm_collections/services/deviation.py
        flagged = self.search([("deviation", "=", True), ("state", "!=", "resolved")])
        (flagged.filtered(lambda c: c.id not in deviations))._rcm_workflow_write(
            {"deviation": False, "deviation_reason": False, "deviation_acknowledged": False}
        )
        cases = self.browse(deviations)
        gained = {}
        for case in cases:
            update = deviation_service.update_flag(
                deviations[case.id],
                flagged=case.deviation,
                reason_text=case.deviation_reason,
                acknowledged=case.deviation_acknowledged,
                ack_text=case.deviation_ack_reason,
            )
            if update.gained:
                gained[case.id] = set(update.gained)
            vals = {
                "deviation": True,
                "deviation_reason": update.text,
                "deviation_acknowledged": update.acknowledged,
            }
            if any(case[key] != value for key, value in vals.items()):
                case._rcm_workflow_write(vals)
        if not gained:
            return cases
        promise_rows = self.env["rcm.promise"]._rcm_get_deviating_promises(today)
        for case_id, reason, _promise_id, escalated in promise_rows:
            if escalated and case_id in gained:
                gained[case_id].discard(reason)  # escalated once already (before a resume, say)
        to_escalate = self.browse([case_id for case_id, reasons in gained.items() if reasons]).filtered(
            lambda c: c.state != "escalated" and (not c.strategy_id or c.strategy_id.escalate_deviations)
        )
        promises = self.env["rcm.promise"].browse(
            [promise_id for case_id, _r, promise_id, escalated in promise_rows if case_id in to_escalate.ids]
        )
        promises.filtered(lambda p: not p.escalated)._rcm_workflow_write({"escalated": True})
        for case in to_escalate:
            case._escalate(case.deviation_reason, today=today)
        return cases

    def action_acknowledge_deviation(self):
        """Button: open the dialog where the collector acknowledges the flag of these cases with a note."""
        cases = self.filtered("deviation")
        if not cases:
            raise UserError(self.env._("None of these cases is flagged: there is nothing to acknowledge."))
        cases.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Acknowledge Deviation"),
            "res_model": "rcm.acknowledge.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_ids": ",".join(str(i) for i in cases.ids),
                "default_mode": "acknowledge",
            },
        }

    def _rcm_acknowledge(self, note, mode="acknowledge"):
        """Acknowledge the current flag of these cases with ``note`` (wizard): the flag stays visible
        but no longer needs attention until a new reason appears. Only who may write the cases."""
        if mode != "acknowledge":
            raise UserError(self.env._("A deviation is acknowledged, not dismissed: it clears by itself."))
        if not (note or "").strip():
            raise UserError(self.env._("Say in a note what you did about the deviation."))
        cases = self.filtered("deviation")
        if not cases:
            raise UserError(self.env._("None of these cases is flagged: there is nothing to acknowledge."))
        cases.check_access("write")  # record rules: a collector acknowledges only the cases he can work
        now = fields.Datetime.now()
        for case in cases:
            case._rcm_workflow_write(
                {
                    "deviation_acknowledged": True,
                    "deviation_ack_reason": case.deviation_reason,
                    "deviation_ack_date": now,
                    "deviation_ack_user_id": self.env.user.id,
                    "deviation_ack_note": note,
                }
            )
            case.message_post(
                body=Markup("%s<br/>%s")
                % (
                    self.env._(
                        "Deviation acknowledged by %(user)s: %(reasons)s",
                        user=self.env.user.name,
                        reasons=case.deviation_reason,
                    ),
                    note,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _get_responsible_user(self):
        """The human who owns this case's work: its collector, else its team leader, else the company's
        collections manager (settings), else the user at work — never the scheduler's user (OdooBot),
        whose to-dos nobody sees; with nobody at all, the first Collections Manager of the company."""
        self.ensure_one()
        user = self.user_id or self.team_id.leader_id or self.company_id.rcm_collections_manager_id
        if user:
            return user
        if not self.env.user._is_superuser() and not self.env.user.share:
            return self.env.user
        managers = self.env.ref("rcm_collections.group_rcm_manager").sudo().user_ids
        humans = managers.filtered(
            lambda u: not u._is_superuser() and not u.share and self.company_id in u.company_ids
        )
        return humans.sorted("id")[:1] or self.env.user

    def _get_escalation_user(self, step=None):
        """Who receives an escalation: the step's user, else the team leader, else the collector, else
        the company's collections manager (see ``_get_responsible_user``)."""
        self.ensure_one()
        if step and step.escalate_to == "user" and step.escalate_user_id:
            return step.escalate_user_id
        return self.team_id.leader_id or self._get_responsible_user()

    def _escalate(self, reason, step=None, today=None):
        """Escalate the case: state escalated and a to-do for the escalation user, due ``today`` (the
        day of the run; default the user's today)."""
        for case in self:
            user = case._get_escalation_user(step)
            case._rcm_workflow_write({"state": "escalated"} if case.state != "on_hold" else {})
            case.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Escalation: %s", reason),
                user_id=user.id,
                date_deadline=today or fields.Date.context_today(case),
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def _rcm_complete_strategy_activities(self, feedback):
        """Mark done the pending activities the strategy scheduled on these cases (a collector's call,
        promise or dispute is the work they asked for): normal work never turns into a missed SLA."""
        step_names = set(self.strategy_id.step_ids.mapped("name"))
        activities = self.activity_ids.filtered(lambda a: a.summary in step_names)
        if activities:
            activities.action_feedback(feedback=feedback)
        return activities

    def action_rcm_reapply_rules(self):
        """Collections Managers: apply the assignment rules and the strategies again to these cases
        (collector and team from the rules, strategy from the criteria), e.g. after changing a rule."""
        if not self.env.user.has_group("rcm_collections.group_rcm_manager"):
            raise AccessError(self.env._("Only a Collections Manager can re-apply the assignment rules."))
        cases = self.filtered(lambda c: c.state != "resolved")
        self.env["rcm.collection.assignment.rule"]._apply(cases)
        self.env["rcm.collection.strategy"]._rematch(cases.filtered("strategy_id"))
        self.env["rcm.collection.strategy"]._assign(cases.filtered(lambda c: not c.strategy_id))
        for case in cases:
            case.message_post(
                body=self.env._(
                    "Assignment rules and strategies re-applied by %(user)s: %(collector)s, %(strategy)s.",
                    user=self.env.user.name,
                    collector=case.user_id.name or self.env._("no collector"),
                    strategy=case.strategy_id.name or self.env._("no strategy"),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_log_call(self):
        """Open the quick call-log form for this case (the collector is on the phone)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a Call"),
            "res_model": "rcm.call.log",
            "view_mode": "form",
            "views": [(self.env.ref("rcm_collections.rcm_call_log_view_form_quick").id, "form")],
            "target": "new",
            "context": {
                "default_case_id": self.id,
                "default_partner_id": self.partner_id.id,
            },
        }

    def action_new_promise(self):
        """Open a new promise to pay for this case."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Promise to Pay"),
            "res_model": "rcm.promise",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id, "default_amount": self.collectible_overdue},
        }

    def action_put_on_hold(self):
        for case in self:
            if case.state == "resolved":
                raise UserError(self.env._("A resolved case cannot be put on hold."))
        self._rcm_workflow_write({"state": "on_hold"})

    def action_resume(self):
        self.filtered(lambda c: c.state in ("on_hold", "escalated"))._rcm_workflow_write(
            {"state": "in_progress", "deviation": False, "deviation_reason": False}
        )

    def action_escalate(self):
        self._escalate(self.env._("Escalated by %s", self.env.user.name))

    def action_take(self):
        """Assign the case to the current user."""
        self.write({"user_id": self.env.uid})

    def action_view_open_items(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Open Items"),
            "res_model": "account.move.line",
            "view_mode": "list",
            "domain": self._get_open_items_domain(),
            "context": {"create": False},
        }

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rcm_collections.rcm_call_log_action")
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"default_case_id": self.id, "default_partner_id": self.partner_id.id}
        return action

    def action_view_promises(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rcm_collections.rcm_promise_action")
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"default_case_id": self.id}
        return action
