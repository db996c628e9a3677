# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data of rcm_disputes, generated over an existing ledger (kept apart from the business code)."""

import random
from datetime import timedelta

from odoo import Command, api, fields, models

from .rcm_dispute import ROOT_CAUSES

# Outcome of a generated dispute, with its weight.
DISPUTE_OUTCOMES = [
    ("new", 3),
    ("open", 4),
    ("approval", 1),
    ("credit_note", 3),
    ("write_off", 2),
    ("rejected", 2),
]
DEDUCTION_OUTCOMES = [("draft", 2), ("new", 1), ("credit_note", 2), ("write_off", 1), ("invalid", 2)]


def _pick(rng, pairs):
    return rng.choices([value for value, _weight in pairs], weights=[weight for _value, weight in pairs])[0]


class RcmDispute(models.Model):
    _inherit = "rcm.dispute"

    @api.model
    def _demo_generate(self, seed=42, count=30):
        """Demo disputes and deductions on the open customer invoices of the current company.

        About two thirds are disputes (new, investigating, write-off pending approval, resolved by credit
        note or write-off, rejected) across the reasons; the rest are deductions on partially paid
        invoices (to review, open, valid and settled, invalid). Reproducible with ``seed``; returns the
        disputes and deductions created or processed. Run as a Collections Manager (or superuser).
        """
        rng = random.Random(seed)
        company = self.env.company
        self._demo_prepare_company(company)
        today = fields.Date.context_today(self)
        invoices = self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("amount_residual", ">", 0),
                ("rcm_dispute_line_ids", "=", False),
            ],
            order="id",
        )
        reasons = self.env["rcm.dispute.reason"].search(
            [("id", "!=", self.env.ref("rcm_disputes.rcm_dispute_reason_short_payment").id)]
        )
        if not invoices or not reasons:
            return self.browse()
        nb_deductions = count // 3
        partial = invoices.filtered(lambda inv: inv.payment_state == "partial")
        proposals = self.search(
            [("kind", "=", "deduction"), ("state", "=", "draft"), ("company_id", "=", company.id)]
        )
        done = self.browse()
        # deductions: the proposals the ledger raised on short payments first, then new ones
        for deduction in rng.sample(list(proposals), min(nb_deductions, len(proposals))):
            done |= deduction._demo_play(rng, _pick(rng, DEDUCTION_OUTCOMES), today)
        for invoice in rng.sample(list(partial), min(max(nb_deductions - len(done), 0), len(partial))):
            deduction = self._rcm_create_deduction(invoice, invoice.amount_residual, self.env["account.move"])
            if deduction:
                done |= deduction._demo_play(rng, _pick(rng, DEDUCTION_OUTCOMES), today)
        candidates = list(invoices.filtered(lambda inv: not inv.rcm_dispute_line_ids))
        for invoice in rng.sample(candidates, min(max(count - len(done), 0), len(candidates))):
            raised = max(invoice.invoice_date or today, today - timedelta(days=rng.randint(0, 45)))
            share = rng.choice((1.0, 1.0, 0.5, 0.25, 0.1))
            dispute = self.create(
                {
                    "kind": "dispute",
                    "partner_id": invoice.commercial_partner_id.id,
                    "company_id": company.id,
                    "reason_id": rng.choice(reasons).id,
                    "date": raised,
                    "priority": rng.choice(("0", "0", "1", "2")),
                    "customer_ref": f"CLM-{rng.randint(10000, 99999)}",
                    "description": self.env._("Customer claim on %s.", invoice.name),
                    "line_ids": [
                        Command.create(
                            {
                                "move_id": invoice.id,
                                "amount": invoice.currency_id.round(invoice.amount_residual * share),
                            }
                        )
                    ],
                }
            )
            done |= dispute._demo_play(rng, _pick(rng, DISPUTE_OUTCOMES), today)
        self._cron_check_sla(today=today)
        return done

    @api.model
    def _demo_prepare_company(self, company):
        """A write-off account and a threshold low enough for some demo write-offs to need approval."""
        if not company.rcm_dispute_writeoff_account_id:
            company.rcm_dispute_writeoff_account_id = self.env["account.account"].search(
                [
                    ("account_type", "=", "expense"),
                    *self.env["account.account"]._check_company_domain(company),
                ],
                limit=1,
            )

    def _demo_play(self, rng, outcome, today):
        """Take this dispute to ``outcome`` through the same steps as a user would."""
        self.ensure_one()
        flow = self.with_context(mail_notrack=True)
        if outcome == "draft":
            return self
        if self.state == "draft":
            flow.action_confirm()
        if outcome == "new":
            return self
        flow.action_start()
        if self.kind == "deduction":
            if outcome == "invalid":
                flow._rcm_invalid(self.env._("Delivery proof signed by the customer."))
                return self
            flow.action_mark_valid()
        if outcome in ("credit_note", "write_off", "approval", "rejected"):
            flow.root_cause = rng.choice(ROOT_CAUSES)[0]
            if rng.random() < 0.3:
                for line in self.line_ids:
                    line.amount_accepted = line.currency_id.round(line.amount * 0.5)
        if outcome == "credit_note":
            flow.action_credit_note()
        elif outcome == "write_off":
            flow._rcm_resolve_write_off()
        elif outcome == "approval":
            flow._rcm_request_approval()
        elif outcome == "rejected":
            flow._rcm_reject(self.env._("The goods were delivered as ordered."))
        return self
