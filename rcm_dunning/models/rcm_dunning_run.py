# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The dunning run: who gets which communication today, computed by one set-based statement.

Selection (``_get_candidates_query``), for one company as of ``today``:

* open receivable items: posted, unreconciled receivable journal items, grouped per move (invoice)
  and commercial partner; the *overdue* part of a move is the sum of its positive residuals due
  before today, its *credit* the sum of its negative residuals (credit notes, unapplied payments);
* each customer follows its own policy (company-dependent ``res.partner.rcm_dunning_policy_id``)
  or the company's default policy; customers without a policy are not dunned;
* the *excluded* part of an item is the sum of its active ``rcm.collection.exclusion`` amounts
  (disputes, promises to pay, dunning blocks ...), capped at its overdue amount; its *collectible*
  part what remains. Fully excluded items are left out;
* an item climbs one level at a time: its next level is the one after its last level
  (``account.move.rcm_dunning_level_id``) in the policy's order; it *escalates* when the next level's
  trigger holds (days overdue >= days, or days since its last dunning >= days) and its last dunning
  is at least the policy's ``min_interval_days`` old;
* a customer is a candidate when at least one item escalates, its collectible overdue amount net of
  its credits is above the policy's tolerance, it has no run communication dated today, none queued
  for delivery and none waiting for a retry, and its open collection case is not paused by a
  customer reply. A draft run communication of an earlier day (an interrupted run that was never
  resumed) does not block the customer: the next run cancels it (``_supersede_stale_drafts``);
* its communication level is the highest level of its collectible items after the run (escalated
  items at their new level, the others at their last one); it lists every collectible item once.

Python only builds the communications from these rows. Runs are processed in batches of customers
that commit their progress (``ir.cron._commit_progress``); a crashed or interrupted run is resumed
by the next cron call: customers already served today are no candidates any more. Two schedulers
calling ``_cron_run`` at once: the second finds the company's lock taken and steps aside.
"""

import logging
from collections import defaultdict
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.rcm_collections.tools import sql as sql_tools

_logger = logging.getLogger(__name__)

RUN_STATES = [
    ("draft", "Draft"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]
# First key of the advisory lock taken while a run of a company is being processed (second: company id).
LOCK_KEY = 0x52434D44  # "RCMD"
# Customers per committed batch: each batch costs a fixed dozen queries and ORM calls (served today,
# contact gateway, contacts, cases, numbers, insert, checks) whatever its size; at 200 that overhead was a
# third of a run's time on the 200k-invoice ledger. 500 emails render and queue in a few seconds.
DEFAULT_BATCH_SIZE = 500


class RcmDunningRun(models.Model):
    _name = "rcm.dunning.run"
    _description = "Dunning Run"
    _inherit = ["mail.thread", "rcm.workflow.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rcm_workflow_fields = ("state", "origin", "date_start", "date_end", "error")

    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, readonly=True
    )
    origin = fields.Selection(
        [("manual", "Manual"), ("cron", "Scheduled"), ("strategy", "Strategy Steps")],
        default="manual",
        required=True,
        help="Strategy Steps: the communications the collection strategies' dunning steps sent that day.",
    )
    state = fields.Selection(RUN_STATES, default="draft", required=True, index=True, tracking=True)
    user_id = fields.Many2one("res.users", string="Started By", default=lambda self: self.env.user)
    date_start = fields.Datetime(string="Started On", readonly=True)
    date_end = fields.Datetime(string="Finished On", readonly=True)
    error = fields.Text(readonly=True)
    communication_ids = fields.One2many("rcm.dunning.communication", "run_id", string="Communications")
    communication_count = fields.Integer(compute="_compute_counts", string="Communications Count")
    sent_count = fields.Integer(compute="_compute_counts", string="Sent")
    failed_count = fields.Integer(compute="_compute_counts", string="Failed")
    draft_count = fields.Integer(compute="_compute_counts", string="To Send")
    fee_total = fields.Monetary(compute="_compute_counts", string="Fees Charged")
    currency_id = fields.Many2one(related="company_id.currency_id")

    _running_uniq = models.UniqueIndex(
        "(company_id) WHERE state = 'running'", "A dunning run is already running for this company."
    )

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # the unique index of running runs is checked row by row: flush each state change at once,
            # never in one UPDATE with another run's (one ending, the next starting)
            self.flush_recordset(["state"])
        return res

    @api.depends("date", "company_id")
    def _compute_name(self):
        for run in self:
            run.name = self.env._("Dunning run of %(date)s", date=run.date or "")

    def _compute_counts(self):
        counts = defaultdict(int)
        totals = defaultdict(float)
        for run, state, count, fees in self.env["rcm.dunning.communication"]._read_group(
            [("run_id", "in", self.ids)], ["run_id", "state"], ["__count", "amount_fees:sum"]
        ):
            counts[run.id, state] += count
            counts[run.id, "all"] += count
            totals[run.id] += fees
        for run in self:
            run.communication_count = counts[run.id, "all"]
            run.sent_count = counts[run.id, "sent"]
            run.failed_count = counts[run.id, "failed"]
            run.draft_count = counts[run.id, "draft"]
            run.fee_total = totals[run.id]

    # ------------------------------------------------------------------
    # Selection (set-based)
    # ------------------------------------------------------------------
    @api.model
    def _get_candidates_query(self, company, today, partner_ids=None, forced=False):
        """SQL of the dunning candidates of ``company`` as of ``today`` (see the module docstring).

        One row per customer: ``partner_id``, ``policy_id``, ``level_id`` (communication level),
        ``total_overdue``, ``total_excluded``, ``collectible``, ``credit`` (positive), ``net``,
        ``escalates``, ``items`` (JSON array, oldest due first) and ``credits`` (JSON array).
        ``forced`` keeps every customer with a collectible item, whatever the triggers, tolerance and
        earlier communications (strategy steps sending a given level).
        """
        candidate_filter = (
            SQL("TRUE")
            if forced
            else SQL(
                """
                c.escalates
                AND c.collectible - COALESCE(cr.credit, 0) > pol.tolerance
                -- NOT IN a subquery (partner_id is never NULL): one hashed scan, whatever the
                -- statistics say (right after a big run they are stale, and a per-customer NOT
                -- EXISTS became a sequential scan per customer)
                AND c.partner_id NOT IN (
                    SELECT dc.partner_id FROM rcm_dunning_communication dc
                     WHERE dc.company_id = %(company)s
                       AND dc.origin = 'run' AND dc.state != 'cancelled'
                       AND (dc.date = %(today)s OR dc.state = 'queued'
                            OR (dc.state = 'draft' AND dc.date > %(today)s)
                            OR (dc.state = 'failed' AND dc.next_retry_date IS NOT NULL)))
                AND c.partner_id NOT IN (
                    SELECT cs.partner_id FROM rcm_collection_case cs
                     WHERE cs.company_id = %(company)s
                       AND cs.state != 'resolved' AND cs.rcm_reply_pending)
                -- one cadence: the strategy leads; a customer whose open case follows a strategy
                -- sending dunning levels gets its letters from the strategy's steps only
                AND c.partner_id NOT IN (
                    SELECT cs.partner_id FROM rcm_collection_case cs
                      JOIN rcm_collection_strategy_step st ON st.strategy_id = cs.strategy_id
                     WHERE cs.company_id = %(company)s AND cs.state != 'resolved'
                       AND st.dunning_level_id IS NOT NULL)
                """,
                company=company.id,
                today=today,
            )
        )
        return SQL(
            """
            WITH lvl AS (
                SELECT l.id, l.policy_id, l.trigger, l.days,
                       ROW_NUMBER() OVER (PARTITION BY l.policy_id ORDER BY l.sequence, l.id) AS rank
                  FROM rcm_dunning_level l
                 WHERE l.active AND l.company_id = %(company)s
            ),
            default_policy AS (
                SELECT id FROM rcm_dunning_policy
                 WHERE company_id = %(company)s AND active AND is_default
                 ORDER BY sequence, id LIMIT 1
            ),
            lines AS (%(open_items)s),
            moves AS (
                SELECT move_id, partner_id,
                       SUM(residual) FILTER (WHERE residual > 0 AND due < %(today)s) AS overdue,
                       SUM(residual_currency) FILTER (WHERE residual > 0 AND due < %(today)s)
                           AS overdue_currency,
                       MIN(due) FILTER (WHERE residual > 0 AND due < %(today)s) AS due,
                       -SUM(residual) FILTER (WHERE residual < 0) AS credit
                  FROM lines
                 GROUP BY move_id, partner_id
            ),
            overdue_moves AS MATERIALIZED (
                -- the overdue invoices only, by id: joined as a table, the whole of account_move was
                -- scanned and hashed for a few percent of its rows
                SELECT a.id, a.rcm_dunning_level_id, a.rcm_dunning_date, a.rcm_dunning_fee_invoice,
                       a.currency_id
                  FROM account_move a
                 WHERE a.id = ANY(ARRAY(SELECT move_id FROM moves WHERE overdue > 0))
            ),
            customers AS (
                SELECT cp.partner_id, COALESCE(own.id, dp.id) AS policy_id
                  FROM (SELECT DISTINCT partner_id FROM moves WHERE overdue > 0) cp
                  JOIN res_partner p ON p.id = cp.partner_id
                  LEFT JOIN rcm_dunning_policy own
                         ON own.id = (p.rcm_dunning_policy_id ->> %(company_key)s)::int
                        AND own.active AND own.company_id = %(company)s
                  LEFT JOIN default_policy dp ON TRUE
                 WHERE COALESCE(own.id, dp.id) IS NOT NULL
            ),
            excl AS (
                SELECT e.move_id, SUM(e.amount_company) AS excluded, BOOL_OR(e.reason = 'dispute') AS disputed
                  FROM rcm_collection_exclusion e
                 WHERE e.company_id = %(company)s AND e.active
                   AND (e.date_until IS NULL OR e.date_until >= %(today)s)
                 GROUP BY e.move_id
            ),
            items AS (
                SELECT m.move_id, m.partner_id, cu.policy_id, m.overdue, m.overdue_currency, m.due,
                       %(today)s::date - m.due AS days,
                       LEAST(m.overdue, COALESCE(ex.excluded, 0)) AS excluded,
                       m.overdue - LEAST(m.overdue, COALESCE(ex.excluded, 0)) AS collectible,
                       COALESCE(ex.disputed, FALSE) AS disputed,
                       mv.rcm_dunning_level_id AS cur_level_id, COALESCE(cl.rank, 0) AS cur_rank,
                       mv.rcm_dunning_date AS last_date,
                       COALESCE(mv.rcm_dunning_fee_invoice, FALSE) AS is_fee,
                       mv.currency_id
                  FROM moves m
                  JOIN customers cu ON cu.partner_id = m.partner_id
                  JOIN overdue_moves mv ON mv.id = m.move_id
                  LEFT JOIN lvl cl ON cl.id = mv.rcm_dunning_level_id
                  LEFT JOIN excl ex ON ex.move_id = m.move_id
                 WHERE m.overdue > 0
            ),
            scored AS (
                SELECT i.*, nl.id AS next_level_id, nl.rank AS next_rank,
                       (nl.id IS NOT NULL AND i.collectible > 0
                        AND (i.last_date IS NULL OR %(today)s::date - i.last_date >= pol.min_interval_days)
                        AND CASE WHEN nl.trigger = 'days_since_previous' AND i.last_date IS NOT NULL
                                 THEN %(today)s::date - i.last_date >= nl.days
                                 ELSE i.days >= nl.days END) AS escalates
                  FROM items i
                  JOIN rcm_dunning_policy pol ON pol.id = i.policy_id
                  LEFT JOIN lvl nl ON nl.policy_id = i.policy_id AND nl.rank = i.cur_rank + 1
            ),
            cust AS (
                SELECT s.partner_id, s.policy_id,
                       BOOL_OR(s.escalates) AS escalates,
                       MAX(CASE WHEN s.escalates THEN s.next_rank ELSE s.cur_rank END)
                           FILTER (WHERE s.collectible > 0) AS rank,
                       SUM(s.overdue) AS total_overdue,
                       SUM(s.excluded) AS total_excluded,
                       COALESCE(SUM(s.collectible) FILTER (WHERE s.collectible > 0), 0) AS collectible,
                       json_agg(json_build_object(
                           'move_id', s.move_id, 'overdue', s.overdue, 'overdue_currency', s.overdue_currency,
                           'currency_id', s.currency_id, 'excluded', s.excluded, 'collectible', s.collectible,
                           'due', s.due, 'days', s.days, 'disputed', s.disputed, 'is_fee', s.is_fee,
                           'cur_level_id', s.cur_level_id, 'cur_rank', s.cur_rank, 'last_date', s.last_date,
                           'next_level_id', s.next_level_id, 'escalates', s.escalates
                       ) ORDER BY s.due, s.move_id) FILTER (WHERE s.collectible > 0) AS items
                  FROM scored s
                 GROUP BY s.partner_id, s.policy_id
            ),
            credits AS (
                SELECT m.partner_id, SUM(m.credit) AS credit,
                       json_agg(json_build_object('move_id', m.move_id, 'credit', m.credit)
                                ORDER BY m.move_id)
                           AS credits
                  FROM moves m
                 WHERE m.credit > 0
                 GROUP BY m.partner_id
            )
            SELECT c.partner_id, c.policy_id, lv.id AS level_id, c.total_overdue, c.total_excluded,
                   c.collectible, COALESCE(cr.credit, 0) AS credit,
                   c.collectible - COALESCE(cr.credit, 0) AS net, c.escalates,
                   COALESCE(c.items, '[]'::json) AS items, COALESCE(cr.credits, '[]'::json) AS credits
              FROM cust c
              JOIN rcm_dunning_policy pol ON pol.id = c.policy_id
              LEFT JOIN credits cr ON cr.partner_id = c.partner_id
              LEFT JOIN lvl lv ON lv.policy_id = c.policy_id AND lv.rank = c.rank
             WHERE c.collectible > 0 AND %(candidate_filter)s
             ORDER BY c.partner_id
            """,
            company=company.id,
            company_key=str(company.id),
            today=today,
            open_items=self.env["rcm.partner.receivable"]._get_open_items_query(
                company, partner_ids=partner_ids, today=today
            ),
            candidate_filter=candidate_filter,
        )

    @api.model
    def _compute_candidates(self, company, today=None, partner_ids=None, forced=False):
        """Dunning candidates of ``company`` as of ``today``: a list of dicts, one per customer.

        One SQL statement (``_get_candidates_query``); the benchmark times this method.
        """
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        with sql_tools.without_jit(self.env.cr):
            return self.env.execute_query_dict(
                self._get_candidates_query(company, today, partner_ids=partner_ids, forced=forced)
            )

    # ------------------------------------------------------------------
    # Processing
    # ------------------------------------------------------------------
    def _try_lock(self):
        """Take the company's dunning lock for the current transaction; False when another
        transaction holds it (a run of the company is being processed right now)."""
        self.ensure_one()
        return self._try_lock_company(self.company_id)

    @api.model
    def _try_lock_company(self, company):
        """The advisory lock of ``company``'s dunning for the current transaction (see ``_try_lock``)."""
        return self.env.execute_query(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", LOCK_KEY, company.id))[
            0
        ][0]

    @api.model
    def _get_batch_size(self):
        param = self.env["ir.config_parameter"].sudo().get_param("rcm_dunning.batch_size")
        return int(param) if param and param.isdigit() and int(param) > 0 else DEFAULT_BATCH_SIZE

    def _process(self, batch_size=None, commit=True, candidates=None):
        """Create and send the communications of this running run, batch by batch.

        With ``commit``, each batch commits its progress (``ir.cron._commit_progress``) and the lock is
        taken again after each commit. Returns ``'done'`` when the run is finished, ``'paused'`` when the
        cron's time is up (the scheduler calls again, the run resumes) and ``'locked'`` when another
        transaction is processing the company's dunning (nothing done).
        """
        self.ensure_one()
        batch_size = batch_size or self._get_batch_size()
        if not self._try_lock():
            _logger.info("Dunning run %s: the company is being processed elsewhere, skipped.", self.id)
            return "locked"
        communications = self.env["rcm.dunning.communication"]
        # Communications created but not sent yet (an interrupted batch or a reviewed preview).
        pending = communications.search([("run_id", "=", self.id), ("state", "=", "draft")])
        if pending:
            pending._send()
            self._rcm_record_contacts(pending)
        self._supersede_stale_drafts()
        if candidates is None:
            self.env["rcm.dunning.block"]._sync_company(self.company_id)
            candidates = self._compute_candidates(self.company_id, self.date)
        while candidates:
            batch, candidates = candidates[:batch_size], candidates[batch_size:]
            created = self._create_communications(batch)
            created._send()
            self._rcm_record_contacts(created)
            if commit:
                if not self.env["ir.cron"]._commit_progress(len(batch), remaining=len(candidates)):
                    return "paused"
                if not self._try_lock():
                    return "locked"
        self._rcm_workflow_write({"state": "done", "date_end": fields.Datetime.now()})
        return "done"

    def _supersede_stale_drafts(self):
        """Draft run communications of the company dated before this run (an interrupted run never
        resumed) are cancelled: this run serves their customers from today's ledger instead."""
        self.ensure_one()
        stale = self.env["rcm.dunning.communication"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("origin", "=", "run"),
                ("state", "=", "draft"),
                ("date", "<", self.date),
                ("run_id", "!=", self.id),
            ]
        )
        if stale:
            stale._rcm_cancel(self.env._("Superseded by %s: never sent.", self.name))
        return stale

    def _create_communications(self, candidates):
        """Draft communications of this run for the candidate rows (customers not served today)."""
        self.ensure_one()
        communications = self.env["rcm.dunning.communication"]
        partner_ids = [row["partner_id"] for row in candidates]
        # a concurrent strategy step or run may have served some since the selection
        # the batch's customers as a hashed set: the run's own new rows have no statistics yet, and
        # "partner_id = ANY(array)" on a scan compared every row with every customer of the batch
        communications.flush_model(["partner_id", "company_id", "origin", "date", "state"])
        served = {
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT partner_id FROM rcm_dunning_communication
                     WHERE partner_id IN (SELECT unnest(%s::int[])) AND company_id = %s AND date = %s
                       AND origin = 'run' AND state != 'cancelled'
                    """,
                    partner_ids,
                    self.company_id.id,
                    self.date,
                )
            )
        }
        rows = [row for row in candidates if row["partner_id"] not in served and row["level_id"]]
        # the contact gateway: customers the contact policy blocks today (or another transaction is
        # contacting right now) are not dunned by this run; the next run tries again
        allowed, _reasons = self._rcm_filter_contactable(rows)
        allowed_ids = set(allowed.ids)
        rows = [row for row in rows if row["partner_id"] in allowed_ids]
        cases = self.env["rcm.collection.case"].search_fetch(
            [
                ("partner_id", "in", [row["partner_id"] for row in rows]),
                ("company_id", "=", self.company_id.id),
                ("state", "!=", "resolved"),
            ],
            ["partner_id", "user_id"],
        )
        case_by_partner = {case.partner_id.id: case for case in cases}
        partners = self.env["res.partner"].browse([row["partner_id"] for row in rows])
        contacts = partners._rcm_get_invoice_contacts()
        communications._rcm_prefetch_partners(partners)
        values = [
            communications._prepare_values_from_candidate(
                row,
                self.company_id,
                self.date,
                run=self,
                case=case_by_partner.get(row["partner_id"]),
                contact_id=contacts[row["partner_id"]],
            )
            for row in rows
        ]
        return communications._create_with_lines(values)

    def _rcm_record_contacts(self, communications):
        """Record the communications this run sent (handed over, or failed and left to the retry) as
        contacts with their customers (contact gateway). Drafts are no contact: a draft never sent
        (superseded, cancelled) contacted nobody."""
        self.ensure_one()
        communications.fetch(["state"])  # only the state (a run's new communications are not in cache)
        done = communications.filtered(lambda c: c.state in ("queued", "sent", "failed"))
        return (
            self.env["rcm.contact"]
            .with_context(rcm_today=self.date)
            ._rcm_record([comm._rcm_prepare_contact_values(origin="dunning") for comm in done])
        )

    def _rcm_filter_contactable(self, rows):
        """``(allowed partners, {partner id: reason})`` of candidate rows through the contact gateway
        (``rcm.contact._rcm_filter_contactable``: policy check and per-customer lock)."""
        self.ensure_one()
        partners = self.env["res.partner"].browse([row["partner_id"] for row in rows])
        return self.env["rcm.contact"]._rcm_filter_contactable(partners, self.company_id, self.date)

    @api.model
    def _rcm_get_contact_reasons(self, company, date, rows):
        """``{partner id: reason}`` of the candidate rows the contact policy keeps from being dunned
        on ``date`` (no lock: for previews)."""
        partners = self.env["res.partner"].browse([row["partner_id"] for row in rows])
        reasons = self.env["rcm.contact"]._rcm_check_policy(partners, company, date)
        return {pid: reason for pid, reason in reasons.items() if reason}

    @api.model
    def _get_strategy_run(self, company, date):
        """The run gathering the communications sent by strategy steps in ``company`` on ``date``
        (created done on first use: the strategy engine sends them, the run only groups them)."""
        run = self.search(
            [("company_id", "=", company.id), ("date", "=", date), ("origin", "=", "strategy")], limit=1
        )
        if not run:
            # sudo: the strategy engine (collectors included) opens the day's run in its workflow state
            run = (
                self.sudo()
                .create(
                    {
                        "company_id": company.id,
                        "date": date,
                        "origin": "strategy",
                        "state": "done",
                        "date_start": fields.Datetime.now(),
                        "date_end": fields.Datetime.now(),
                    }
                )
                .sudo(False)
            )
        return run

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------
    def _check_can_start(self):
        for run in self:
            if run.state != "draft":
                raise UserError(self.env._("Only a draft dunning run can start."))
            other = self.search([("company_id", "=", run.company_id.id), ("state", "=", "running")], limit=1)
            if other:
                raise UserError(
                    self.env._(
                        "%(run)s is still running for %(company)s: wait for it to finish (the scheduler "
                        "resumes it) or cancel it.",
                        run=other.name,
                        company=run.company_id.name,
                    )
                )
            if not run._try_lock():
                raise UserError(
                    self.env._(
                        "A dunning run of %s is being processed right now: try again in a moment.",
                        run.company_id.name,
                    )
                )

    def action_start(self):
        """Button: start the run. Small runs are processed at once (no intermediate commit); big
        ones continue in the background, in committed batches, through the scheduled action."""
        self._check_can_start()
        for run in self:
            run._rcm_workflow_write(
                {"state": "running", "date_start": fields.Datetime.now(), "user_id": self.env.uid}
            )
            self.env["rcm.dunning.block"]._sync_company(run.company_id)
            candidates = self._compute_candidates(run.company_id, run.date)
            if len(candidates) <= run._get_batch_size():
                run._process(commit=False, candidates=candidates)
            else:
                self.env.ref("rcm_dunning.ir_cron_rcm_dunning_run")._trigger()
                run.message_post(
                    body=self.env._(
                        "%s customers to dun: the run continues in the background.", len(candidates)
                    )
                )
        return True

    def action_preview(self):
        """Button: what the run would send, without sending anything."""
        self.ensure_one()
        return self.env["rcm.dunning.preview.wizard"]._open_for(self.company_id, self.date, run=self)

    def action_cancel(self):
        """Cancel the run; its unsent communications are cancelled too."""
        self.check_access("write")
        drafts = self.communication_ids.filtered(lambda c: c.state == "draft")
        if drafts:
            drafts._rcm_cancel(self.env._("The dunning run was cancelled."))
        self.filtered(lambda r: r.state in ("draft", "running", "failed"))._rcm_workflow_write(
            {"state": "cancelled", "date_end": fields.Datetime.now()}
        )

    def action_view_communications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rcm_dunning.rcm_dunning_communication_action")
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {"search_default_group_by_state": 1}
        return action

    def action_print_letters(self):
        """All the letters of the run in one PDF, to print and post."""
        self.ensure_one()
        letters = self.communication_ids.filtered(
            lambda c: c.channel_letter and c.state in ("queued", "sent")
        )
        if not letters:
            raise UserError(self.env._("This run has no sent letter to print."))
        return self.env.ref("rcm_dunning.action_report_rcm_dunning_letter").report_action(letters)

    @api.model
    def _get_companies_to_run(self):
        """Companies with an active dunning policy."""
        return self.env["rcm.dunning.policy"].search([]).company_id  # pylint: disable=no-search-all

    @api.model
    def _cron_run(self, batch_size=None):
        """Daily: one run per company with a policy; resumes today's interrupted run, never runs twice."""
        today = fields.Date.context_today(self)
        for company in self._get_companies_to_run():
            run_model = self.with_company(company)
            if not run_model.browse()._try_lock_company(company):
                _logger.info(
                    "Dunning: %s is being processed by another worker, this one steps aside.", company.name
                )
                continue
            stale = run_model.search(
                [("company_id", "=", company.id), ("state", "=", "running"), ("date", "<", today)]
            )
            for run in stale:
                error = self.env._("Interrupted and not resumed the same day: closed.")
                run._rcm_workflow_write(
                    {"state": "failed", "date_end": fields.Datetime.now(), "error": error}
                )
                run.message_post(body=error)
            run = run_model.search(
                [("company_id", "=", company.id), ("date", "=", today), ("origin", "=", "cron")], limit=1
            )
            if run.state in ("done", "cancelled", "failed"):
                continue
            if not run:
                if run_model.search_count([("company_id", "=", company.id), ("state", "=", "running")]):
                    _logger.info(
                        "Dunning: a manual run of %s is running, the scheduled run waits.", company.name
                    )
                    continue
                try:
                    with self.env.cr.savepoint():
                        # sudo: the scheduler opens the run in its workflow state (running, scheduled)
                        run = (
                            run_model.sudo()
                            .create(
                                {
                                    "company_id": company.id,
                                    "date": today,
                                    "origin": "cron",
                                    "state": "running",
                                    "date_start": fields.Datetime.now(),
                                }
                            )
                            .sudo(False)
                        )
                except psycopg2.errors.UniqueViolation:
                    _logger.info(
                        "Dunning: another run of %s started meanwhile, this one steps aside.", company.name
                    )
                    continue
            if run._process(batch_size=batch_size, commit=True) == "paused":
                return
        # manual runs handed over to the background
        for run in self.search([("state", "=", "running"), ("origin", "=", "manual"), ("date", ">=", today)]):
            if run._process(batch_size=batch_size, commit=True) == "paused":
                return

    # ------------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------------
    @api.model
    def _demo_generate(self, companies=None, today=None, history=True):
        """Demo: give each company the standard policy and run the dunning on its ledger.

        With ``history``, runs of 28 and 14 days ago come first, so that customers stand at different
        levels (reminders, second notices, final demands with their charges) as after a month of use.
        Called by the demo script after the ledger is generated; returns the runs. The demo has no
        mail server: the queued communications are taken as delivered.
        """
        today = today or fields.Date.context_today(self)
        companies = companies or self.env["res.company"].search([])  # pylint: disable=no-search-all
        dates = [today - timedelta(days=28), today - timedelta(days=14), today] if history else [today]
        runs = self.browse()
        for company in companies:
            if not self.env["account.journal"].search_count(
                [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
            ):
                continue
            self.env["rcm.dunning.policy"]._create_default_policy(company)
            for date in dates:
                run = self.with_company(company).create({"company_id": company.id, "date": date})
                run._rcm_workflow_write({"state": "running", "date_start": fields.Datetime.now()})
                run._process(commit=False)
                # a demo has no mail server: its emails count as delivered
                for comm in run.communication_ids.filtered(lambda c: c.state == "queued"):
                    comm._mark_sent()
                runs |= run
        return runs
