# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Odoo driver of the simulated desk (``rcm_reports/services/simulation.py`` plans and judges).

``env["rcm.simulation"]._rcm_sim_run(seed=1, customers=30, days=60)`` writes a generated ledger into
the current database (customers, invoices in the company currency and a second one, history payments)
and replays the days one by one with the clock frozen on each (``freezegun``): the day's invoices
are posted and payments registered through ``account.payment.register``; the ledger changes are
processed; every cron of the desk runs in the order of its nightly schedule (backbone 01:00, promises
01:30, strategies 02:00, alerts 02:30, dispute SLA and dunning run 03:00); the mail server accepts
the queued emails; a snapshot of plain data (contacts, documents sent that day with their items,
collectible amounts, cases, activities, flags, charges) is checked by the invariants; then the
simulated collectors work their queue (calls, promises, disputes). Returns the per-day figures, the
violations and the run summary.

Private methods only (an AbstractModel without access rights): nothing here is callable over RPC.
It writes real records and is meant for tests (rolled back) and throw-away databases
(``setup/simulate.py``). Contacts are read from ``rcm.contact`` when that model exists, else from the
sent dunning communications and the strategy's outgoing case messages.
"""

import importlib.util
import logging
import re
import sys
import time
from collections import defaultdict
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path
from unittest.mock import patch

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, html2plaintext

from odoo.addons.base.models.ir_cron import IrCron

_logger = logging.getLogger(__name__)

SECTION_WORDS = {
    "coming_due": ("coming due", "not yet due"),
    "excluded": ("under review", "disputed", "promised", "on hold", "blocked"),
    "credit": ("credits (in your favour)", "unapplied credit"),
}
CALLS_PER_COLLECTOR = 20


def _clock():
    """Wall-clock seconds, also under ``freeze_time`` (which freezes ``time.perf_counter``)."""
    try:
        from freezegun.api import real_perf_counter
    except ImportError:
        return time.perf_counter()
    return real_perf_counter()


def _load_engine():
    """``rcm_reports/services/simulation.py`` (pure Python), loaded once."""
    name = "odoo.addons.rcm_reports.services.simulation"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parent.parent / "services" / "simulation.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class RcmSimulation(models.AbstractModel):
    _name = "rcm.simulation"
    _description = "Collections Desk Simulation"

    # ------------------------------------------------------------------
    # Entry point
    # ------------------------------------------------------------------
    @api.model
    def _rcm_sim_run(
        self, seed=1, customers=30, days=60, start=None, company=None, on_day=None, commit=False
    ):
        """Simulate ``days`` days from ``start`` (default: the next Monday after 30 days from today)
        on ``customers`` generated customers of ``company``. ``on_day(figures, violations)`` is called
        after each day; ``commit`` commits after each day (throw-away databases only).
        Returns ``{"figures": [...], "violations": [...], "summary": {...}}``."""
        engine = _load_engine()
        started = _clock()
        # the simulation acts for the whole desk: crons and collectors (each call is written with the
        # collector's own user below); sudo so that the setup writes currencies, users and teams
        sim = self.sudo()
        company = company or sim.env.company
        today = fields.Date.context_today(sim)
        start = start or engine.next_working_day(today + timedelta(days=1))
        ledger = engine.generate_ledger(seed, customers, days, start)
        figures, violations = [], []
        flagged = set()
        with ExitStack() as stack:
            # outside a cron, _commit_progress would commit the batch: keep everything in our transaction
            stack.enter_context(patch.object(IrCron, "_commit_progress", lambda *args, **kwargs: 1.0))
            state = sim._rcm_sim_setup(ledger, company)
            state["timings"]["setup"] = _clock() - started
            for day in ledger.sim_days():
                day_figures, day_violations = sim._rcm_sim_day(state, day, flagged)
                flagged = day_figures["flagged"]
                figures.append(day_figures)
                violations += day_violations
                _logger.info("simulation %s", engine.format_day(day_figures))
                for violation in day_violations:
                    _logger.info("simulation violation %s", violation)
                if on_day:
                    on_day(day_figures, day_violations)
                if commit:
                    sim.env.cr.commit()  # throw-away database of setup/simulate.py: keep each day
        summary = engine.summarize(figures, customers, state["opening"], state["invoiced"])
        summary["seconds"] = round(_clock() - started, 1)
        summary["engine_errors"] = len(state["errors"])
        return {"figures": figures, "violations": violations, "summary": summary, "state": state}

    # ------------------------------------------------------------------
    # Setup
    # ------------------------------------------------------------------
    @api.model
    def _rcm_sim_second_currency(self, company, start):
        code = "EUR" if company.currency_id.name != "EUR" else "USD"
        currency = (
            self.env["res.currency"].with_context(active_test=False).search([("name", "=", code)], limit=1)
        )
        currency.active = True
        rate_day = start - timedelta(days=400)
        if not currency.rate_ids.filtered(lambda r: r.company_id == company and r.name <= rate_day):
            self.env["res.currency.rate"].create(
                {"currency_id": currency.id, "company_id": company.id, "name": rate_day, "rate": 0.9}
            )
        return currency

    @api.model
    def _rcm_sim_collectors(self, company):
        """Two collectors (and a leader) of a team of the company that takes every case: the shipped
        team when there is one, else a simulation team with a catch-all assignment rule."""
        users = self.env["res.users"]
        group_collector = self.env.ref("rcm_collections.group_rcm_collector")
        group_manager = self.env.ref("rcm_collections.group_rcm_manager")
        invoicing = self.env.ref("account.group_account_invoice")
        for index in (1, 2, 3):
            login = f"rcm_sim_collector_{company.id}_{index}"
            user = users.with_context(active_test=False).search([("login", "=", login)], limit=1)
            if not user:
                user = users.with_context(no_reset_password=True).create(
                    {
                        "name": f"Sim Collector {index}" if index < 3 else "Sim Team Leader",
                        "login": login,
                        "email": f"{login}@example.com",
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                        "group_ids": [
                            Command.link((group_manager if index == 3 else group_collector).id),
                            Command.link(invoicing.id),
                        ],
                    }
                )
            users |= user
        collectors, leader = users[:2], users[2]
        Team = self.env["rcm.collection.team"]
        team = Team.search([("company_id", "in", (company.id, False))], limit=1)
        if team:
            team.member_ids = [Command.link(user.id) for user in collectors]
        else:
            team = Team.create(
                {
                    "name": "Simulation Desk",
                    "company_id": company.id,
                    "leader_id": leader.id,
                    "member_ids": [Command.set(collectors.ids)],
                }
            )
        if not self.env["rcm.collection.assignment.rule"].search([("company_id", "=", company.id)], limit=1):
            self.env["rcm.collection.assignment.rule"].create(
                {"name": "Simulation: every case", "team_id": team.id}
            )
        return collectors

    @api.model
    def _rcm_sim_setup(self, ledger, company):
        """Customers, collectors, the opening ledger (history invoices posted, their planned payments
        before the first day registered); returns the driver's state."""
        env = self.env
        if not env["rcm.dunning.policy"].search([("company_id", "=", company.id)], limit=1):
            env["rcm.dunning.policy"]._create_default_policy(company)
        second = self._rcm_sim_second_currency(company, ledger.start)
        partners = env["res.partner"].create(
            [
                {
                    "name": cust.name,
                    "is_company": True,
                    "email": f"ap.{cust.key.lower()}@sim.example.com",
                    "phone": f"+1 555 {index:04d}",
                    "company_id": False,
                    "comment": cust.profile,
                }
                for index, cust in enumerate(ledger.customers)
            ]
        )
        state = {
            "engine": _load_engine(),
            "ledger": ledger,
            "company": company,
            "currency": company.currency_id,
            "second": second,
            "partners": {cust.key: partner for cust, partner in zip(ledger.customers, partners, strict=True)},
            "customer_of": {
                partner.id: cust.key for cust, partner in zip(ledger.customers, partners, strict=True)
            },
            "moves": {},
            "collectors": self._rcm_sim_collectors(company),
            "contacts": [],
            "errors": [],
            "timings": defaultdict(float),
            "invoiced": 0.0,
        }
        history = [
            inv for inv in ledger.history() if sum(s for d, s in inv.payments if d < ledger.start) < 0.999
        ]
        self._rcm_sim_post(state, history)
        for inv, when, share in ledger.history_payments():
            if inv.key in state["moves"]:
                self._rcm_sim_pay(state, inv, share, when)
        self._rcm_sim_follow_ledger()
        env["rcm.partner.receivable"]._cron_refresh_all()
        state["opening"] = self._rcm_sim_receivable(state)
        state["invoiced"] = 0.0
        return state

    @api.model
    def _rcm_sim_follow_ledger(self):
        while self.env["rcm.ledger.change"]._rcm_process_pending(limit=1000)[0]:
            pass

    @api.model
    def _rcm_sim_post(self, state, invoices):
        if not invoices:
            return self.env["account.move"]
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": state["partners"][inv.customer].id,
                    "company_id": state["company"].id,
                    "invoice_date": inv.date,
                    "invoice_date_due": inv.due,
                    "currency_id": (state["second"] if inv.second_currency else state["currency"]).id,
                    "ref": f"SIM {inv.key}",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": f"Simulated service {inv.key}",
                                "quantity": 1,
                                "price_unit": inv.amount,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
                for inv in invoices
            ]
        )
        moves.action_post()
        for inv, move in zip(invoices, moves, strict=True):
            state["moves"][inv.key] = move
        state["invoiced"] += sum(moves.mapped("amount_total_signed"))
        return moves

    @api.model
    def _rcm_sim_pay(self, state, inv, share, when):
        """Register ``share`` of ``inv`` paid on ``when`` (capped at its residual); returns the amount in
        company currency."""
        move = state["moves"].get(inv.key)
        if not move or move.payment_state in ("paid", "in_payment", "reversed") or move.amount_residual <= 0:
            return 0.0
        amount = min(round(inv.amount * share, 2), move.amount_residual)
        values = {"payment_date": when}
        if amount < move.amount_residual - 0.005:
            values.update(amount=amount, payment_difference_handling="open")
        payments = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create(values)
            ._create_payments()
        )
        return abs(sum(payments.mapped("amount_company_currency_signed")))

    @api.model
    def _rcm_sim_pay_day(self, state, payments, when):
        """The day's payments: the invoices paid in full in one run of the payment register (one
        payment per customer and currency), the partial ones one by one. Returns the amount collected
        in company currency."""
        full, collected = self.env["account.move"], 0.0
        for inv, share in payments:
            move = state["moves"].get(inv.key)
            if (
                not move
                or move.payment_state in ("paid", "in_payment", "reversed")
                or move.amount_residual <= 0
            ):
                continue
            if round(inv.amount * share, 2) >= move.amount_residual - 0.005:
                full |= move
            else:
                collected += self._rcm_sim_pay(state, inv, share, when)
        if full:
            payments = (
                self.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=full.ids)
                .create({"payment_date": when, "group_payment": True})
                ._create_payments()
            )
            collected += abs(sum(payments.mapped("amount_company_currency_signed")))
        return collected

    @api.model
    def _rcm_sim_receivable(self, state):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "in", [p.id for p in state["partners"].values()]),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ]
        )
        return sum(lines.mapped("amount_residual"))

    # ------------------------------------------------------------------
    # One day
    # ------------------------------------------------------------------
    @api.model
    def _rcm_sim_day(self, state, day, flagged_before):
        from freezegun import freeze_time  # a test/dev dependency, needed only to simulate

        engine, ledger = state["engine"], state["ledger"]
        with freeze_time(datetime.combine(day, datetime.min.time()).replace(hour=12)):
            started = _clock()
            new = ledger.invoices_of(day)
            self._rcm_sim_post(state, new)
            timings = state["timings"]
            timings["post"] += _clock() - started
            started = _clock()
            collected = self._rcm_sim_pay_day(state, ledger.payments_of(day), day)
            timings["pay"] += _clock() - started
            self._rcm_sim_follow_ledger()
            self._rcm_sim_crons(timings)
            started = _clock()
            self._rcm_sim_deliver()
            timings["deliver"] += _clock() - started
            started = _clock()
            snapshot = self._rcm_sim_snapshot(state, day)
            violations = engine.check_all(snapshot)
            timings["snapshot"] += _clock() - started
            started = _clock()
            self._rcm_sim_collectors_work(state, day)
            self._rcm_sim_deliver()
            self._rcm_sim_follow_ledger()
            timings["collectors"] += _clock() - started
        return engine.day_figures(snapshot, violations, len(new), collected, flagged_before), violations

    @api.model
    def _rcm_sim_crons(self, timings):
        """Every cron of the desk, in the order of their nightly schedule."""
        env = self.env
        for model, method in (
            ("rcm.partner.receivable", "_cron_refresh_all"),
            ("rcm.ledger.change", "_cron_process"),
            ("rcm.promise", "_cron_evaluate_promises"),
            ("rcm.collection.case", "_cron_advance_strategies"),
            ("rcm.alert", "_cron_detect"),
            ("rcm.dispute", "_cron_check_sla"),
            ("rcm.dunning.run", "_cron_run"),
        ):
            started = _clock()
            getattr(env[model], method)()
            timings[f"{model}.{method}"] += _clock() - started
        self._rcm_sim_follow_ledger()

    @api.model
    def _rcm_sim_deliver(self):
        """The mail server accepts the queued emails and the SMS provider the SMS (nothing leaves the
        machine), then the dunning communications follow their delivery — as rcm_dunning's tests do."""
        env = self.env
        for mail in env["mail.mail"].search([("state", "=", "outgoing")]):
            mail.write({"state": "sent"})
            mail._postprocess_sent_message(success_pids=mail.recipient_ids, success_emails=[])
        env["mail.notification"].search(
            [("notification_type", "=", "sms"), ("notification_status", "in", ("ready", "process"))]
        ).write({"notification_status": "pending"})
        env["rcm.dunning.communication"].search([("state", "=", "queued")])._sync_delivery()
        env["rcm.dunning.communication"]._cron_retry()

    # ------------------------------------------------------------------
    # Snapshot
    # ------------------------------------------------------------------
    @api.model
    def _rcm_sim_sent(self, state, day):
        """What went out to the simulated customers today, read from the documents themselves:
        ``[{partner, date, channel, origin, ref, doc}]`` for each dunning communication (queued or
        sent) and each customer-facing message posted on a case (strategy emails and SMS)."""
        sent = []
        communications = self.env["rcm.dunning.communication"].search(
            [
                ("partner_id", "in", list(state["customer_of"])),
                ("date", "=", day),
                ("state", "in", ("queued", "sent")),
            ]
        )
        # a communication's email / SMS posted on the case is that communication, not another sending
        own_messages = set((communications.mail_message_id | communications.sms_message_id).ids)
        for comm in communications:
            sent.append(
                {
                    "partner": comm.partner_id.commercial_partner_id.id,
                    "date": day,
                    "channel": comm.channels,
                    "origin": comm.origin,
                    "ref": f"rcm.dunning.communication,{comm.id}",
                    "doc": ("rcm.dunning.communication", comm.id),
                }
            )
        for message in self._rcm_sim_case_messages(state, day):
            if message.id in own_messages:
                continue
            case = self.env["rcm.collection.case"].browse(message.res_id)
            sent.append(
                {
                    "partner": case.partner_id.id,
                    "date": day,
                    "channel": "sms" if message.message_type == "sms" else "email",
                    "origin": "strategy",
                    "ref": f"mail.message,{message.id}",
                    "doc": ("mail.message", message.id),
                }
            )
        return sent

    @api.model
    def _rcm_sim_contacts(self, state, day, sent):
        """Today's contacts of the simulated customers (calls and other manual contacts are left out,
        as the contact policy does): the rows of the contact gateway (``rcm.contact``) when it exists,
        and, for a customer who received more documents than the gateway recorded contacts, one
        contact per extra document (an engine that went around the gateway)."""
        if "rcm.contact" not in self.env:
            return list(sent)
        contacts = [
            {
                "partner": row["partner_id"][0],
                "date": row["date"],
                "channel": row["channel"],
                "origin": row["origin"],
                "ref": f"rcm.contact,{row['id']}",
                "doc": None,
            }
            for row in self.env["rcm.contact"].search_read(
                [
                    ("partner_id", "in", list(state["customer_of"])),
                    ("date", "=", day),
                    ("origin", "!=", "manual"),
                ],
                ["partner_id", "date", "channel", "origin"],
            )
        ]
        recorded = defaultdict(int)
        for contact in contacts:
            recorded[contact["partner"]] += 1
        by_partner = defaultdict(list)
        for item in sent:
            by_partner[item["partner"]].append(item)
        for partner, items in by_partner.items():
            contacts += items[recorded[partner] :]
        return contacts

    @api.model
    def _rcm_sim_case_messages(self, state, day):
        """The customer-facing messages posted today on the simulated customers' cases (strategy
        emails and SMS: comments, not internal notes)."""
        cases = self.env["rcm.collection.case"].search([("partner_id", "in", list(state["customer_of"]))])
        start = datetime.combine(day, datetime.min.time())
        return self.env["mail.message"].search(
            [
                ("model", "=", "rcm.collection.case"),
                ("res_id", "in", cases.ids),
                ("message_type", "in", ("comment", "sms")),
                ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
                ("date", ">=", start),
                ("date", "<", start + timedelta(days=1)),
            ]
        )

    @api.model
    def _rcm_sim_documents(self, state, day, sent):
        """Documents sent today with their items: ``[{ref, partner, date, items: [{move, section,
        amount}]}]``. Dunning communications give their lines (``section`` when the line has one, else
        its type; the amount shown as collectible when the line has that figure); an email is read
        from its rendered body: every invoice number in it is an item, in the section of the last
        heading before it (overdue until a "coming due" or "under review / promised" heading)."""
        env = self.env
        documents = []
        moves_by_name = {m.name: m for m in state["moves"].values()}
        Line = env["rcm.dunning.communication.line"]
        has_section = "section" in Line._fields
        has_collectible = "amount_collectible" in Line._fields
        for contact in sent:
            model, res_id = contact["doc"]
            items = []
            if model == "rcm.dunning.communication":
                comm = env[model].browse(res_id)
                for line in comm.line_ids:
                    section = line.section if has_section else line.line_type
                    amount = line.amount_collectible if has_collectible else line.amount_overdue
                    items.append({"move": line.move_id.id, "section": section, "amount": amount})
                if comm.mail_message_id:
                    # and the email as the customer reads it
                    text = html2plaintext(comm.mail_message_id.body or "")
                    documents.append(
                        {
                            "ref": f"mail.message,{comm.mail_message_id.id}",
                            "partner": contact["partner"],
                            "date": day,
                            "items": self._rcm_sim_parse_body(text, moves_by_name),
                        }
                    )
            elif model == "mail.message":
                text = html2plaintext(env[model].browse(res_id).body or "")
                items = self._rcm_sim_parse_body(text, moves_by_name)
            else:
                continue
            documents.append(
                {"ref": contact["ref"], "partner": contact["partner"], "date": day, "items": items}
            )
        return documents

    @api.model
    def _rcm_sim_parse_body(self, text, moves_by_name):
        lowered = text.lower()
        marks = []
        for section, words in SECTION_WORDS.items():
            for word in words:
                marks += [(m.start(), section) for m in re.finditer(re.escape(word), lowered)]
        marks.sort()
        items = []
        for name, move in moves_by_name.items():
            for found in re.finditer(re.escape(name.lower()), lowered):
                before = [section for pos, section in marks if pos < found.start()]
                section = before[-1] if before else "overdue"
                # the body's figures are not parsed: an item in the overdue section shows all its residual
                items.append({"move": move.id, "section": section, "amount": None})
        return items

    @api.model
    def _rcm_sim_truth(self, state, day, move_ids):
        """{(move id, day): {due, residual, excluded}} in company currency, read from the ledger and the
        exclusions (not from RCM's figures)."""
        moves = self.env["account.move"].browse(move_ids)
        excluded = defaultdict(float)
        for excl in self.env["rcm.collection.exclusion"].search(
            [("move_id", "in", moves.ids), "|", ("date_until", "=", False), ("date_until", ">=", day)]
        ):
            excluded[excl.move_id.id] += excl.amount_company
        truth = {}
        for move in moves:
            receivable = move.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
            truth[(move.id, day)] = {
                "due": move.invoice_date_due,
                "residual": sum(receivable.mapped("amount_residual")),
                "excluded": excluded[move.id],
            }
        return truth

    @api.model
    def _rcm_sim_collectible(self, state, day, partner_ids):
        """{(partner, day): collectible overdue} in company currency: residuals of the receivable items
        due before ``day`` less their active exclusions (at most the residual each)."""
        if not partner_ids:
            return {}
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                WITH items AS (
                    SELECT l.move_id, p.commercial_partner_id AS partner_id,
                           SUM(l.amount_residual) AS residual
                      FROM account_move_line l
                      JOIN res_partner p ON p.id = l.partner_id
                      JOIN account_account a ON a.id = l.account_id
                     WHERE a.account_type = 'asset_receivable' AND l.parent_state = 'posted'
                       AND NOT l.reconciled AND l.date_maturity < %(day)s AND l.date <= %(day)s
                       AND p.commercial_partner_id = ANY(%(partners)s)
                     GROUP BY l.move_id, p.commercial_partner_id
                ), excl AS (
                    SELECT move_id, SUM(amount_company) AS amount FROM rcm_collection_exclusion
                     WHERE active AND (date_until IS NULL OR date_until >= %(day)s)
                       AND move_id IN (SELECT move_id FROM items)
                     GROUP BY move_id
                )
                SELECT i.partner_id,
                       SUM(CASE WHEN i.residual > 0 THEN GREATEST(i.residual - COALESCE(e.amount, 0), 0)
                                ELSE i.residual END)
                  FROM items i LEFT JOIN excl e ON e.move_id = i.move_id
                 GROUP BY i.partner_id
                """,
                day=day,
                partners=list(partner_ids),
            )
        )
        return {(partner_id, day): float(amount or 0.0) for partner_id, amount in rows}

    @api.model
    def _rcm_sim_policy(self, state, partner_ids):
        company, ledger = state["company"], state["ledger"]
        policy = {"non_working_weekdays": set(), "holidays": set()}
        if "rcm_contact_min_days" in company._fields:
            policy["min_days"] = company.rcm_contact_min_days
            policy["max_per_30"] = company.rcm_contact_max_30d
            if company.rcm_contact_skip_non_working:
                # read independently of the gateway: the weekdays of the company's schedule (Monday to
                # Friday without one), and the days the company itself says are no contact days
                calendar = company.resource_calendar_id
                working = {int(a.dayofweek) for a in calendar.attendance_ids} if calendar else {0, 1, 2, 3, 4}
                policy["non_working_weekdays"] = set(range(7)) - working
                if "holidays" not in state:
                    state["holidays"] = {d for d in ledger.sim_days() if not company._rcm_is_contact_day(d)}
                policy["holidays"] = state["holidays"]
        Partner = self.env["res.partner"]
        if "rcm_do_not_contact" in Partner._fields:
            policy["do_not_contact"] = {
                p.id: p.rcm_do_not_contact_until or None
                for p in Partner.browse(partner_ids)
                if p.rcm_do_not_contact
            }
        return policy

    @api.model
    def _rcm_sim_non_human_users(self):
        """OdooBot / the superuser, portal and public users, archived users: nobody's work list."""
        bots = {self.env.ref("base.user_root").id, api.SUPERUSER_ID}
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search(["|", "|", ("share", "=", True), ("active", "=", False), ("id", "in", list(bots))])
        )
        return bots | set(users.ids)

    @api.model
    def _rcm_sim_snapshot(self, state, day):
        engine = state["engine"]
        partner_ids = list(state["customer_of"])
        sent = self._rcm_sim_sent(state, day)
        contacts = self._rcm_sim_contacts(state, day, sent)
        state["contacts"] = [c for c in state["contacts"] if c["date"] != day] + contacts
        documents = self._rcm_sim_documents(state, day, sent)
        truth = self._rcm_sim_truth(state, day, {item["move"] for doc in documents for item in doc["items"]})
        for doc in documents:
            for item in doc["items"]:
                if item["amount"] is None:
                    item["amount"] = truth[(item["move"], day)]["residual"]
        Case = self.env["rcm.collection.case"]
        cases = Case.search([("partner_id", "in", partner_ids), ("state", "!=", "resolved")])
        live = Case._get_deviations(day)
        case_rows = [
            {
                "id": case.id,
                "partner": case.partner_id.id,
                "state": case.state,
                "user": case.user_id.id,
                "flagged": case.deviation,
                "reason": case.deviation_reason,
                "live": case.id in live,
            }
            for case in cases
        ]
        activities = [
            {
                "id": act.id,
                "case": act.res_id,
                "partner": Case.browse(act.res_id).partner_id.id,
                "user": act.user_id.id,
            }
            for act in self.env["mail.activity"].search(
                [("res_model", "=", "rcm.collection.case"), ("res_id", "in", cases.ids)]
            )
        ]
        fees = [
            {
                "id": fee.id,
                "partner": fee.partner_id.id,
                "move": fee.move_id.id,
                "level": fee.level_id.id,
                "kind": fee.kind,
                "state": fee.state,
            }
            for fee in self.env["rcm.dunning.fee"].search([("partner_id", "in", partner_ids)])
        ]
        return engine.Snapshot(
            day=day,
            contacts=state["contacts"],
            policy=self._rcm_sim_policy(state, partner_ids),
            documents=documents,
            truth=truth,
            collectible=self._rcm_sim_collectible(state, day, {c["partner"] for c in contacts}),
            cases=case_rows,
            activities=activities,
            non_human_users=self._rcm_sim_non_human_users(),
            fees=fees,
        )

    # ------------------------------------------------------------------
    # Collectors
    # ------------------------------------------------------------------
    @api.model
    def _rcm_sim_collectors_work(self, state, day):
        """Each collector calls the customers of the open cases holding a strategy activity due today
        or before (highest priority first, at most CALLS_PER_COLLECTOR each); the customer answers per
        its profile: a promise (taken through the call), a dispute on the oldest overdue invoice, or
        a plain outcome."""
        engine, ledger = state["engine"], state["ledger"]
        if day.weekday() in engine.NON_WORKING_WEEKDAYS:
            return  # collectors work on working days
        Case = self.env["rcm.collection.case"]
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "rcm.collection.case"), ("date_deadline", "<=", day)]
        )
        cases = Case.browse(set(activities.mapped("res_id"))).filtered(
            lambda c: c.state != "resolved" and c.partner_id.id in state["customer_of"]
        )
        cases = cases.sorted(lambda c: (-c.priority_score, c.id))
        collectors = state["collectors"]
        load = defaultdict(int)
        for case in cases:
            collector = case.user_id if case.user_id in collectors else collectors[case.id % len(collectors)]
            if load[collector.id] >= CALLS_PER_COLLECTOR:
                continue
            load[collector.id] += 1
            customer = state["customer_of"][case.partner_id.id]
            outcome = engine.call_outcome(ledger, customer, day)
            try:
                with self.env.cr.savepoint():
                    self._rcm_sim_call(state, case, collector, customer, outcome, day)
            except (UserError, ValidationError) as error:
                # an engine refusing a collector's ordinary action is a finding: logged, counted, the
                # call is logged without it
                state["errors"].append((day, case.partner_id.id, outcome, str(error)))
                _logger.warning(
                    "simulation %s: %s on %s (%s) refused: %s",
                    day,
                    outcome,
                    case.partner_id.name,
                    case.name,
                    error,
                )
                self._rcm_sim_call(state, case, collector, customer, "reached", day)

    @api.model
    def _rcm_sim_open_overdue(self, state, customer, day):
        moves = [
            move
            for key, move in state["moves"].items()
            if key.startswith(f"{customer}-") and move.amount_residual > 0 and move.invoice_date_due < day
        ]
        return sorted(moves, key=lambda m: (m.invoice_date_due, m.id))

    @api.model
    def _rcm_sim_call(self, state, case, collector, customer, outcome, day):
        ledger = state["ledger"]
        values = {
            "case_id": case.id,
            "partner_id": case.partner_id.id,
            "outcome": outcome,
            "user_id": collector.id,
        }
        overdue = self._rcm_sim_open_overdue(state, customer, day)
        if outcome == "promise":
            if case.collectible_overdue <= 0 or not overdue:
                values["outcome"] = "reached"
            else:
                invoices = [
                    inv
                    for inv in ledger.invoices
                    if inv.key in {key for key, move in state["moves"].items() if move in overdue}
                ]
                promise = ledger.promise(customer, day, case.collectible_overdue, invoices)
                values.update(promise_amount=promise.amount, promise_date=promise.promised)
        elif outcome == "dispute":
            disputed = (
                self.env["rcm.dispute"]
                .search([("partner_id", "=", case.partner_id.id), ("is_closed", "=", False)])
                .line_ids.move_id
            )
            candidates = [move for move in overdue if move not in disputed]
            if not candidates:
                values["outcome"] = "reached"
            else:
                move = candidates[0]
                self.env["rcm.dispute"].with_user(collector).create(
                    {
                        "partner_id": case.partner_id.id,
                        "reason_id": self.env.ref("rcm_disputes.rcm_dispute_reason_pricing").id,
                        "line_ids": [Command.create({"move_id": move.id, "amount": move.amount_residual})],
                    }
                )
        self.env["rcm.call.log"].with_user(collector).create(values)
