# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Ledger changes on their way to the collections desk.

Accounting transactions (posting, resetting to draft, reconciling, unreconciling) never update RCM's
shared rows (backbone, cases, promises, communications) inside the accountant's transaction: two
accountants paying invoices of the same customer at the same moment would both update that customer's
rows and one of them would fail with a serialization error. They only *record what changed*: one row
here per touched customer and move — insert-only, without a unique key, so concurrent transactions
never wait on each other — and trigger the processing cron, which follows within seconds in a
transaction of its own.

Processing (``_rcm_process_pending``), per batch of customers:

1. ``_rcm_process_events``: the work a change implies besides figures — open promises of reconciled
   customers are evaluated here; rcm_dunning settles paid communications; rcm_disputes raises
   deductions for short payments (extensions call ``super()``);
2. one backbone refresh of those customers (which re-classifies risk and synchronises cases);
3. the processed rows are deleted.

A failing batch is rolled back and retried customer by customer, each in its own savepoint: a customer
whose processing raises keeps its rows, with the error, an attempt count and a retry time (exponential
back-off, at most a day), and is listed under Configuration > Ledger Changes for a manager; the others
are processed. Nothing is lost: a change is deleted only once processed.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

CHANGE_KINDS = [
    ("post", "Posted"),
    ("draft", "Reset to Draft"),
    ("reconcile", "Reconciled"),
    ("unreconcile", "Unreconciled"),
    ("refresh", "To Refresh"),
]

# retry after 2, 4, 8 ... minutes, never later than a day
RETRY_BASE_MINUTES = 2
RETRY_MAX_MINUTES = 24 * 60


class RcmLedgerChange(models.Model):
    _name = "rcm.ledger.change"
    _description = "Ledger Change Waiting for the Collections Desk"
    _order = "id"
    _log_access = False

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    move_id = fields.Many2one("account.move", string="Entry", readonly=True, ondelete="cascade")
    kind = fields.Selection(CHANGE_KINDS, required=True, readonly=True)
    attempts = fields.Integer(readonly=True)
    error = fields.Text(readonly=True)
    retry_at = fields.Datetime(string="Next Attempt", readonly=True, index=True)

    # ------------------------------------------------------------------
    # Recording (inside accounting transactions: insert only)
    # ------------------------------------------------------------------
    @api.model
    def _rcm_record(self, kind, items):
        """Record that ``items`` changed: an iterable of ``(commercial partner id, company id, move id)``.

        One statement, no read of RCM rows, nothing else written: safe inside any accounting
        transaction. The first call of a transaction also triggers the processing cron in that same
        statement (what ``ir.cron._trigger`` does: a trigger row when the cron is active, and the cron
        workers woken up after the commit)."""
        items = sorted({item for item in items if item[0] and item[1]}, key=lambda i: (i[0], i[1], i[2] or 0))
        if not items:
            return
        data = self.env.cr.precommit.data
        cron_id = False
        if not data.get("rcm_ledger_change_triggered"):
            data["rcm_ledger_change_triggered"] = True
            cron_id = self.env["ir.model.data"]._xmlid_to_res_id("rcm_collections.ir_cron_rcm_ledger_changes")
            self.env["ir.cron"].flush_model(["active"])  # read below in SQL (no query when not written)
        # one round trip per accounting call (this runs in every post and reconcile): the trigger row is
        # inserted here rather than by ir.cron._trigger, which costs two more (the cron's existence and
        # active flag, then the ORM insert) — ir.cron.trigger has no behaviour of its own to bypass
        triggered = self.env.execute_query(
            SQL(
                """
                WITH changes AS (
                    INSERT INTO rcm_ledger_change (date, partner_id, company_id, move_id, kind, attempts)
                    SELECT now() AT TIME ZONE 'UTC', v.partner_id, v.company_id, v.move_id, %(kind)s, 0
                      FROM unnest(%(partners)s::int[], %(companies)s::int[], %(moves)s::int[])
                           AS v(partner_id, company_id, move_id)
                )
                INSERT INTO ir_cron_trigger (cron_id, call_at, create_uid, create_date, write_uid, write_date)
                SELECT c.id, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC',
                       %(uid)s, now() AT TIME ZONE 'UTC'
                  FROM ir_cron c
                 WHERE c.id = %(cron)s AND c.active
                RETURNING id
                """,
                kind=kind,
                partners=[item[0] for item in items],
                companies=[item[1] for item in items],
                moves=[item[2] for item in items],
                uid=self.env.uid,
                cron=cron_id or 0,
            )
        )
        if triggered:
            self.env.cr.postcommit.add(self.env["ir.cron"]._notifydb)

    @api.model
    def _rcm_record_move_lines(self, kind, lines):
        """Record the customers of the receivable journal items ``lines`` (with their moves)."""
        receivable = lines.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        self._rcm_record(
            kind,
            (
                (line.partner_id.commercial_partner_id.id, line.company_id.id, line.move_id.id)
                for line in receivable
            ),
        )

    # ------------------------------------------------------------------
    # Processing (cron, outside accounting transactions)
    # ------------------------------------------------------------------
    @api.model
    def _cron_process(self, batch_size=200):
        """Process the pending changes in batches of customers, committing after each batch."""
        while True:
            done, remaining = self._rcm_process_pending(limit=batch_size)
            if not done:
                break
            if not self.env["ir.cron"]._commit_progress(done, remaining=remaining):
                break

    @api.model
    def _rcm_pending_domain_sql(self):
        return SQL("(retry_at IS NULL OR retry_at <= now() AT TIME ZONE 'UTC')")

    @api.model
    def _rcm_process_pending(self, limit=200):
        """Process the changes of up to ``limit`` customers (oldest first).

        Returns ``(customers processed or failed, customers still pending)``."""
        # sudo: ledger bookkeeping on behalf of whoever posted or reconciled (the cron runs as
        # superuser; a direct call from a user's flow must not depend on that user's rights)
        model = self.sudo()
        model.env.flush_all()
        keys = model.env.execute_query(
            SQL(
                """
                SELECT partner_id, company_id FROM rcm_ledger_change
                 WHERE %s GROUP BY partner_id, company_id ORDER BY MIN(id) LIMIT %s
                """,
                model._rcm_pending_domain_sql(),
                limit,
            )
        )
        if not keys:
            return 0, 0
        rows = model.env.execute_query(
            SQL(
                """
                SELECT id, partner_id, company_id FROM rcm_ledger_change
                 WHERE (partner_id, company_id) IN (SELECT * FROM unnest(%s::int[], %s::int[]))
                   AND %s
                 ORDER BY id
                   FOR UPDATE SKIP LOCKED
                """,
                [key[0] for key in keys],
                [key[1] for key in keys],
                model._rcm_pending_domain_sql(),
            )
        )
        groups = defaultdict(list)
        for change_id, partner_id, company_id in rows:
            groups[partner_id, company_id].append(change_id)
        changes = model.browse(change_id for change_id, _p, _c in rows)
        try:
            with model.env.cr.savepoint():
                changes._rcm_process()
        except Exception:  # isolate the failing customers below
            _logger.info("Ledger changes of %d customers failed as a batch: retrying one by one", len(groups))
            model.env.invalidate_all(flush=False)
            for ids in groups.values():
                group = model.browse(ids)
                try:
                    with model.env.cr.savepoint():
                        group._rcm_process()
                except Exception as error:  # one customer must never stop the others
                    model.env.invalidate_all(flush=False)
                    group._rcm_mark_failed(error)
        remaining = model.env.execute_query(
            SQL(
                "SELECT COUNT(DISTINCT (partner_id, company_id)) FROM rcm_ledger_change WHERE %s",
                model._rcm_pending_domain_sql(),
            )
        )[0][0]
        return len(groups), remaining

    def _rcm_process(self):
        """Apply these changes: event work, then one backbone refresh per company; delete them."""
        self._rcm_process_events()
        partners_by_company = defaultdict(set)
        for change in self:
            partners_by_company[change.company_id].add(change.partner_id.id)
        receivable = self.env["rcm.partner.receivable"]
        for company, partner_ids in partners_by_company.items():
            receivable._refresh(companies=company, partner_ids=list(partner_ids))
        self.env.execute_query(SQL("DELETE FROM rcm_ledger_change WHERE id = ANY(%s)", self.ids))
        self.invalidate_model()

    def _rcm_process_events(self):
        """Extension point: what these changes imply besides the figures, before the refresh.

        Base: the open promises of reconciled, unreconciled or re-queued customers are evaluated against
        their payments."""
        reconciled = self.filtered(lambda c: c.kind in ("reconcile", "unreconcile", "refresh"))
        if reconciled:
            self.env["rcm.promise"]._evaluate_partner_promises(reconciled.partner_id, refresh=False)

    def _rcm_mark_failed(self, error):
        """Keep these changes for a later attempt, with the error (exponential back-off)."""
        attempts = max(self.mapped("attempts") or [0]) + 1
        delay = min(RETRY_BASE_MINUTES * 2 ** (attempts - 1), RETRY_MAX_MINUTES)
        message = f"{type(error).__name__}: {error}"
        _logger.error(
            "Collections could not process the ledger changes of %s (attempt %d, next in %d min): %s",
            self.partner_id[:1].display_name,
            attempts,
            delay,
            message,
        )
        self.env.execute_query(
            SQL(
                """
                UPDATE rcm_ledger_change
                   SET attempts = %s, error = %s, retry_at = now() AT TIME ZONE 'UTC' + %s
                 WHERE id = ANY(%s)
                """,
                attempts,
                message,
                timedelta(minutes=delay),
                self.ids,
            )
        )
        self.invalidate_model()

    def action_retry(self):
        """Button (managers): retry these changes at the next run of the processing cron, now."""
        if not self.env.user.has_group("rcm_collections.group_rcm_manager"):
            raise AccessError(self.env._("Only a Collections Manager can retry ledger changes."))
        self.env.execute_query(
            SQL("UPDATE rcm_ledger_change SET retry_at = NULL WHERE id = ANY(%s)", self.ids)
        )
        self.invalidate_model()
        self.env.ref("rcm_collections.ir_cron_rcm_ledger_changes")._trigger()
