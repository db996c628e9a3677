# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_amount, format_date

from ..services import promise as promise_service

PROMISE_STATES = [
    ("open", "Open"),
    ("kept", "Kept"),
    ("partially_kept", "Partially Kept"),
    ("broken", "Broken"),
    ("cancelled", "Cancelled"),
]


class RcmPromise(models.Model):
    """A customer's promise to pay an amount by a date (optionally in instalments).

    While open it excludes the promised invoices from collection (the strategy pauses for them). Its
    state is evaluated from the payments reconciled with those invoices since the promise was taken:
    at payment time and by the daily cron once the date plus the grace period has passed.
    """

    _name = "rcm.promise"
    _description = "Promise to Pay"
    _inherit = ["mail.thread", "rcm.case.document.mixin", "rcm.workflow.mixin", "rcm.exclusion.source.mixin"]
    _order = "promised_date desc, id desc"
    _check_company_auto = True
    _rcm_workflow_fields = (
        "state",
        "paid_amount",
        "paid_amount_company",
        "date_closed",
        "escalated",
        "date_taken",
    )

    name = fields.Char(compute="_compute_name", store=True)
    case_id = fields.Many2one("rcm.collection.case", index=True, ondelete="restrict", check_company=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Taken By", default=lambda self: self.env.user)
    date_taken = fields.Date(default=fields.Date.context_today, required=True, readonly=True)
    amount = fields.Monetary(required=True, tracking=True)
    amount_company = fields.Monetary(compute="_compute_amount_company", store=True)
    promised_date = fields.Date(required=True, tracking=True)
    instalment_ids = fields.One2many("rcm.promise.instalment", "promise_id", string="Instalments", copy=True)
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'), ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    grace_days = fields.Integer(default=lambda self: self.env.company.rcm_promise_grace_days)
    state = fields.Selection(
        PROMISE_STATES, default="open", required=True, index=True, tracking=True, readonly=True
    )
    paid_amount = fields.Monetary(readonly=True)
    paid_amount_company = fields.Monetary(readonly=True)
    date_closed = fields.Date(readonly=True)
    escalated = fields.Boolean(readonly=True, copy=False, default=False)
    call_id = fields.Many2one("rcm.call.log", readonly=True)
    note = fields.Text()

    @api.depends("partner_id", "amount", "promised_date")
    def _compute_name(self):
        for promise in self:
            promise.name = self.env._(
                "%(partner)s: %(amount)s by %(date)s",
                partner=promise.partner_id.name or "",
                amount=promise.currency_id.format(promise.amount) if promise.currency_id else promise.amount,
                date=promise.promised_date or "",
            )

    @api.depends("amount")
    def _compute_amount_company(self):
        for promise in self:
            promise.amount_company = promise.amount

    @api.constrains("amount", "promised_date", "instalment_ids")
    def _check_promise(self):
        today = fields.Date.context_today(self)
        for promise in self:
            if promise.state != "open":
                continue
            instalments = [(i.date, i.amount) for i in promise.instalment_ids] or None
            try:
                promise_service.validate_promise(
                    promise.amount,
                    promise.promised_date,
                    instalments=instalments,
                    today=promise.date_taken or today,
                )
            except ValueError as error:
                raise ValidationError(self._translate_error(error)) from error

    def _translate_error(self, error):
        """The service's message, in the user's language when we know it."""
        text = str(error)
        known = {
            "amount": self.env._("The promised amount must be positive."),
            "past": self.env._("The promised date cannot be in the past."),
            "sum": self.env._("The instalments must add up to the promised amount."),
            "increasing": self.env._("The instalment dates must be in increasing order."),
        }
        lowered = text.lower()
        if "past" in lowered:
            return known["past"]
        if "sum" in lowered or "add up" in lowered:
            return known["sum"]
        if "increasing" in lowered:
            return known["increasing"]
        if "amount" in lowered and ("positive" in lowered or "> 0" in lowered or "<= 0" in lowered):
            return known["amount"]
        return self.env._("Invalid promise to pay: %s", text)

    @api.constrains("grace_days")
    def _check_grace_days(self):
        for promise in self:
            if promise.grace_days < 0:
                raise ValidationError(self.env._("The grace period of a promise cannot be negative."))

    def _check_amount_owed(self):
        """A promise cannot be for more than the open residual of its invoices (company currency)."""
        for promise in self.filtered(lambda p: p.state == "open"):
            owed = sum(abs(inv.amount_residual_signed) for inv in promise.invoice_ids)
            currency = promise.company_id.currency_id
            if currency.compare_amounts(promise.amount_company, owed) > 0:
                raise ValidationError(
                    self.env._(
                        "The promise (%(promised)s) is for more than %(partner)s owes on its invoices "
                        "(%(owed)s).",
                        promised=currency.format(promise.amount_company),
                        partner=promise.partner_id.display_name,
                        owed=currency.format(owed),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        raise UserError(
            self.env._(
                "A promise to pay is part of the customer's history: cancel it instead of deleting it."
            )
        )

    @api.constrains("invoice_ids", "partner_id")
    def _check_invoices(self):
        for promise in self:
            wrong = promise.invoice_ids.filtered(lambda m, p=promise: m.commercial_partner_id != p.partner_id)
            if wrong:
                raise ValidationError(
                    self.env._(
                        "Invoices %s are not invoices of this customer.", ", ".join(wrong.mapped("name"))
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        promises = super().create(vals_list)
        promises._link_overdue_invoices()
        promises._check_amount_owed()
        promises._set_exclusions()
        for promise in promises:
            if promise.case_id:
                promise.case_id.message_post(
                    body=self.env._("Promise to pay taken: %s", promise.name), subtype_xmlid="mail.mt_note"
                )
                promise.case_id._rcm_complete_strategy_activities(
                    self.env._("Promise to pay taken: %s", promise.name)
                )
        promises.case_id.filtered(
            lambda c: c.state in ("new", "in_progress", "escalated")
        )._rcm_workflow_write({"state": "promised"})
        promises.env["rcm.partner.receivable"]._refresh_partners(promises.partner_id)
        return promises

    def write(self, vals):
        if self.filtered(lambda p: p.state != "open") and {"amount", "promised_date", "invoice_ids"} & set(
            vals
        ):
            raise UserError(self.env._("A closed promise cannot be changed."))
        res = super().write(vals)
        if {"amount", "invoice_ids", "state"} & set(vals):
            self._set_exclusions()
        return res

    def _link_overdue_invoices(self):
        """Promises taken without invoices cover the customer's open invoices, oldest due first."""
        for promise in self.filtered(lambda p: not p.invoice_ids):
            invoices = self.env["account.move"].search(
                [
                    ("commercial_partner_id", "=", promise.partner_id.id),
                    ("company_id", "=", promise.company_id.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                ],
                order="invoice_date_due, id",
            )
            covered, chosen = 0.0, []
            for invoice in invoices:
                if covered >= promise.amount:
                    break
                chosen.append(invoice.id)
                covered += abs(invoice.amount_residual_signed)
            promise.invoice_ids = [fields.Command.set(chosen)]

    def _get_allocation(self):
        """{invoice: amount} of the promise spread over its invoices, oldest due first (company currency)."""
        self.ensure_one()
        currency = self.company_id.currency_id
        left = currency.round(self.amount_company - self.paid_amount_company)
        allocation = {}
        for invoice in self.invoice_ids.sorted(lambda m: (m.invoice_date_due or m.date, m.id)):
            # compare in currency precision: a float remainder must not spill a sub-cent on the next one
            if currency.compare_amounts(left, 0) <= 0:
                break
            residual = abs(invoice.amount_residual_signed)
            part = min(residual, left)
            # exclusions are in invoice currency
            ratio = invoice.amount_residual / residual if residual else 1.0
            amount = invoice.currency_id.round(part * ratio)
            if invoice.currency_id.compare_amounts(amount, 0) > 0:
                allocation[invoice] = amount
            left = currency.round(left - part)
        return allocation

    def _set_exclusions(self):
        """Exclude the promised amounts from collection while open; release them otherwise."""
        exclusions = self.env["rcm.collection.exclusion"].sudo()
        for promise in self:
            ref = f"{promise._name},{promise.id}"
            current = exclusions.search([("source_ref", "=", ref)])
            allocation = promise._get_allocation() if promise.state == "open" else {}
            current.filtered(lambda e, kept=allocation: e.move_id not in kept).unlink()
            for invoice, amount in allocation.items():
                existing = current.filtered(lambda e, inv=invoice: e.move_id == inv)
                values = {"amount": amount, "reason": "promise", "date_until": False, "note": promise.name}
                if existing:
                    existing.write(values)
                else:
                    exclusions.create({**values, "move_id": invoice.id, "source_ref": ref})

    # ------------------------------------------------------------------
    # Evaluation
    # ------------------------------------------------------------------
    def _get_payments(self):
        """{promise id: [(date, amount)]}: payments reconciled with the promise's invoices since it was
        taken (company currency), one query for all promises; credit notes do not count."""
        if not self:
            return {}
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id, apr.max_date, SUM(apr.amount)
                  FROM rcm_promise p
                  JOIN account_move_rcm_promise_rel rel ON rel.rcm_promise_id = p.id
                  JOIN account_move_line inv ON inv.move_id = rel.account_move_id
                  JOIN account_partial_reconcile apr ON apr.debit_move_id = inv.id
                  JOIN account_move_line pay ON pay.id = apr.credit_move_id
                  JOIN account_move pmv ON pmv.id = pay.move_id
                 WHERE p.id = ANY(%s)
                   AND pmv.move_type NOT IN ('out_refund', 'out_invoice')
                   AND apr.max_date >= p.date_taken
                 GROUP BY p.id, apr.max_date
                 ORDER BY p.id, apr.max_date
                """,
                self.ids,
            )
        )
        payments = defaultdict(list)
        for promise_id, date, amount in rows:
            payments[promise_id].append((date, float(amount)))
        return payments

    def _evaluate(self, today=None, refresh=True):
        """Re-evaluate open promises from real payments; close the kept, broken and partially kept ones.

        The customers' backbone rows and cases are refreshed after, unless ``refresh`` is false (the
        caller refreshes them itself)."""
        today = today or fields.Date.context_today(self)
        promises = self.filtered(lambda p: p.state == "open")
        if not promises:
            return self.browse()
        self.env.flush_all()
        payments = promises._get_payments()
        closed = self.browse()
        for promise in promises:
            evaluation = promise_service.evaluate_promise(
                promise.amount_company,
                promise.promised_date,
                payments.get(promise.id, []),
                today,
                grace_days=promise.grace_days,
                instalments=[(i.date, i.amount) for i in promise.instalment_ids] or None,
            )
            values = {"paid_amount": evaluation.paid_amount, "paid_amount_company": evaluation.paid_amount}
            if evaluation.state != "open":
                values.update(state=evaluation.state, date_closed=today)
                closed |= promise
            if any(promise[key] != value for key, value in values.items()):
                promise._rcm_workflow_write(values)
        for promise in closed:
            label = dict(PROMISE_STATES)[promise.state]
            body = self.env._("Promise to pay %(name)s: %(state)s.", name=promise.name, state=label)
            promise.message_post(body=body)
            if promise.case_id:
                promise.case_id.message_post(body=body, subtype_xmlid="mail.mt_note")
        if refresh:
            self.env["rcm.partner.receivable"]._refresh_partners(promises.partner_id)
        return closed

    @api.model
    def _evaluate_partner_promises(self, partners, refresh=True):
        """Evaluate the open promises of these customers (when their payments were reconciled)."""
        promises = self.search(
            [("partner_id", "in", partners.commercial_partner_id.ids), ("state", "=", "open")]
        )
        return promises._evaluate(refresh=refresh)

    @api.model
    def _cron_evaluate_promises(self, batch_size=1000):
        """Daily: evaluate every open promise (dates passed become broken or partially kept)."""
        last_id = 0
        while True:
            promises = self.search(
                [("state", "=", "open"), ("id", ">", last_id)], limit=batch_size, order="id"
            )
            if not promises:
                break
            try:
                with self.env.cr.savepoint():
                    promises._evaluate()
            except Exception:  # one broken promise must not fail the others every day
                self.env.invalidate_all(flush=False)
                for promise in promises:
                    try:
                        with self.env.cr.savepoint():
                            promise._evaluate()
                    except Exception:  # reported and retried by the ledger-change processor
                        self.env.invalidate_all(flush=False)
                        self.env["rcm.partner.receivable"]._rcm_requeue(promise.partner_id.ids)
            last_id = promises[-1].id
            remaining = self.search_count([("state", "=", "open"), ("id", ">", last_id)])
            if not self.env["ir.cron"]._commit_progress(len(promises), remaining=remaining):
                break

    # ------------------------------------------------------------------
    # Deviations
    # ------------------------------------------------------------------
    @api.model
    def _rcm_get_deviating_promises(self, today):
        """``[(case id, reason, promise id, escalated)]`` of the broken and partially kept promises that
        still flag their open case, in one query: the last promise of the case (a newer promise that
        is not cancelled supersedes it) whose invoices are still not fully paid. The flag clears by
        itself when the customer pays them, or when a new promise is taken (and then kept)."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id, p.case_id, p.state, p.promised_date, p.amount_company,
                       COALESCE(p.paid_amount_company, 0), COALESCE(p.escalated, FALSE), c.company_id
                  FROM rcm_promise p
                  JOIN rcm_collection_case c ON c.id = p.case_id
                 WHERE p.state IN ('broken', 'partially_kept') AND c.state != 'resolved'
                   AND NOT EXISTS (
                       SELECT 1 FROM rcm_promise n
                        WHERE n.case_id = p.case_id AND n.id > p.id AND n.state != 'cancelled')
                   AND EXISTS (
                       SELECT 1 FROM account_move_rcm_promise_rel rel
                         JOIN account_move m ON m.id = rel.account_move_id
                        WHERE rel.rcm_promise_id = p.id AND m.state = 'posted'
                          AND m.payment_state IN ('not_paid', 'partial'))
                 ORDER BY p.id
                """
            )
        )
        companies = self.env["res.company"].browse({row[7] for row in rows})
        result = []
        for promise_id, case_id, state, promised_date, amount, paid, escalated, company_id in rows:
            currency = companies.browse(company_id).currency_id
            values = {
                "amount": format_amount(self.env, float(amount or 0.0), currency),
                "paid": format_amount(self.env, float(paid), currency),
                "date": format_date(self.env, promised_date),
            }
            if state == "broken":
                reason = self.env._("Broken promise: %(amount)s promised by %(date)s, nothing paid", **values)
            else:
                reason = self.env._(
                    "Promise partially kept: %(paid)s of %(amount)s paid by %(date)s", **values
                )
            result.append((case_id, reason, promise_id, escalated))
        return result

    def action_cancel(self):
        self.filtered(lambda p: p.state == "open")._rcm_workflow_write(
            {"state": "cancelled", "date_closed": fields.Date.context_today(self)}
        )
        self.env["rcm.partner.receivable"]._refresh_partners(self.partner_id)

    def action_evaluate(self):
        self._evaluate()
