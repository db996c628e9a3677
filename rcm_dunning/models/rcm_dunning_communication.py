# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextlib
import logging
from collections import defaultdict
from datetime import timedelta

import psycopg2
from markupsafe import Markup

from odoo import Command, api, fields, http, models, modules, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, html2plaintext

from odoo.addons.base.models import ir_actions_report

from ..services import fees as fee_service
from ..tools import bulk
from . import ir_qweb

_logger = logging.getLogger(__name__)

COMMUNICATION_STATES = [
    ("draft", "Draft"),
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]
CHANNELS = ("letter", "email", "sms", "call")  # sending order: the letter PDF is attached to the email
RETRY_DELAY_HOURS = 1
# a batch of communications is sent in one savepoint; each one that raises is rolled back with the
# batch and sent alone (in savepoints of its own), the others again together, at most this many times
# a batch, then one by one
BATCH_FAILURES_MAX = 3
STUCK_AFTER_HOURS = 24  # a communication queued longer than this is flagged
# cursor cache key of the customer statements of a batch whose emails or letters are being rendered
STATEMENT_PREFETCH = "rcm_dunning_statements"
# mail.notification statuses of an email/SMS: accepted by the mail server / SMS provider, or refused
DELIVERED_STATUSES = ("sent", "pending")
FAILED_STATUSES = ("bounce", "exception", "canceled")


class RcmDunningCommunication(models.Model):
    """One dunning communication: one customer, one level, every overdue item listed once.

    Created in draft by a dunning run (or a strategy step, through ``_create_for_cases``) from the
    run's selection of posted journal items, never by hand: collectors and managers cannot create
    communications or items, and every field but the recipient and the collector is a workflow field
    (``rcm.workflow.mixin``) that only the run, the sending and the crons write.

    Sent on each channel of its level: letter (PDF), email and SMS posted on the customer's
    collection case (so that replies land in the case), call activity. Its state follows the delivery:

    * ``queued``: every channel was handed over, an email or SMS waits in Odoo's queue (``mail.mail``,
      ``sms.sms``); flagged ``delivery_stuck`` when queued for more than a day (hourly retry cron);
    * ``sent``: delivered: its letter was printed (rendered), or its emails/SMS were accepted by the
      mail server / SMS provider (``mail.notification`` sent/pending), or it only asked for a call;
    * ``failed``: a channel failed at once or its email/SMS failed or bounced afterwards; retried with
      doubling delays, then the collector is warned.

    Money: the charges (fees, interest, compensation) are computed when it is first sent, from the
    posted journal items of the ledger at that moment (``_get_ledger_items``), never from values of
    the communication lines; they are kept as draft charges (announced by the letter and the email)
    and posted on one customer invoice once, when the communication is delivered (state ``sent``).
    Levels are applied to the items at the same moment. A communication that never gets delivered
    (cancelled) posts nothing and its draft charges are cancelled.

    Sent communications and their posted charges cannot be deleted (cancel a draft/failed one, or
    archive it); the hourly cron settles nothing by itself (payments do, ``_settle``).
    """

    _name = "rcm.dunning.communication"
    _description = "Dunning Communication"
    _inherit = ["portal.mixin", "mail.thread", "rcm.workflow.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # everything but the recipient, the collector, the note and the archive flag: set by the run, the
    # sending and the crons only (see rcm.workflow.mixin)
    _rcm_workflow_fields = (
        "name",
        "run_id",
        "origin",
        "date",
        "partner_id",
        "company_id",
        "policy_id",
        "level_id",
        "case_id",
        "line_ids",
        "item_snapshot",
        "fee_ids",
        "fee_invoice_id",
        "channel_email",
        "channel_letter",
        "channel_sms",
        "channel_call",
        "email_done",
        "letter_done",
        "sms_done",
        "call_done",
        "state",
        "error",
        "attempt_count",
        "next_retry_date",
        "date_sent",
        "date_queued",
        "delivery_stuck",
        "mail_message_id",
        "sms_message_id",
        "letter_attachment_id",
        "settled",
        "date_settled",
    )

    name = fields.Char(required=True, readonly=True, default="/", copy=False, index="trigram")
    active = fields.Boolean(default=True, help="Archive sent communications instead of deleting them.")
    note = fields.Text(help="Internal note of the collectors.", groups="rcm_collections.group_rcm_collector")
    run_id = fields.Many2one(
        "rcm.dunning.run",
        index=True,
        ondelete="set null",
        readonly=True,
        groups="rcm_collections.group_rcm_collector",
    )
    origin = fields.Selection(
        [("run", "Dunning Run"), ("strategy", "Strategy Step"), ("manual", "Manual")],
        default="run",
        required=True,
        readonly=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, readonly=True)
    contact_id = fields.Many2one(
        "res.partner",
        string="Recipient",
        help="The billing contact of the customer: emails, SMS and letters are addressed to it.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    policy_id = fields.Many2one("rcm.dunning.policy", required=True, readonly=True, check_company=True)
    level_id = fields.Many2one("rcm.dunning.level", required=True, readonly=True, index=True)
    is_legal = fields.Boolean(related="level_id.is_legal", string="Final Demand")
    letter_type = fields.Selection(related="level_id.letter_type")
    case_id = fields.Many2one("rcm.collection.case", index=True, readonly=True, check_company=True)
    user_id = fields.Many2one(
        "res.users", string="Collector", compute="_compute_user_id", store=True, readonly=False
    )
    line_ids = fields.One2many("rcm.dunning.communication.line", "communication_id", string="Items")
    # the items claimed by the run, until their lines are first read (rcm_dunning_communication_line.py)
    item_snapshot = fields.Json(readonly=True, copy=False, prefetch=False, groups="base.group_system")
    item_count = fields.Integer(compute="_compute_amounts", store=True, string="Items Count")
    amount_overdue = fields.Monetary(
        compute="_compute_amounts", store=True, string="Collectible Overdue", help="Sum of the listed items."
    )
    amount_credit = fields.Monetary(
        compute="_compute_amounts", store=True, string="Credits", help="Open credit notes and payments."
    )
    amount_due = fields.Monetary(compute="_compute_amounts", store=True)
    fee_ids = fields.One2many("rcm.dunning.fee", "communication_id", string="Charges")
    amount_fees = fields.Monetary(
        compute="_compute_amount_fees",
        store=True,
        string="Charges Total",
        help="In company currency: each charge is invoiced in the currency of its item.",
    )
    fee_invoice_id = fields.Many2one("account.move", string="Charges Invoice", readonly=True, copy=False)
    fee_invoice_ids = fields.Many2many(
        "account.move",
        compute="_compute_fee_invoice_ids",
        string="Charges Invoices",
        help="One charges invoice per currency of the charged items.",
    )
    # Channels asked by the level, and what is done
    channel_email = fields.Boolean(string="Email", readonly=True)
    channel_letter = fields.Boolean(string="Letter", readonly=True)
    channel_sms = fields.Boolean(string="SMS", readonly=True)
    channel_call = fields.Boolean(string="Call", readonly=True)
    email_done = fields.Boolean(readonly=True, copy=False)
    letter_done = fields.Boolean(readonly=True, copy=False)
    sms_done = fields.Boolean(readonly=True, copy=False)
    call_done = fields.Boolean(readonly=True, copy=False)
    channels = fields.Char(compute="_compute_channels", string="Channels List")
    state = fields.Selection(
        COMMUNICATION_STATES, default="draft", required=True, index=True, readonly=True, tracking=True
    )
    error = fields.Text(readonly=True, copy=False, groups="rcm_collections.group_rcm_collector")
    attempt_count = fields.Integer(
        string="Attempts", readonly=True, copy=False, groups="rcm_collections.group_rcm_collector"
    )
    next_retry_date = fields.Datetime(
        readonly=True, copy=False, index=True, groups="rcm_collections.group_rcm_collector"
    )
    date_sent = fields.Datetime(string="Sent On", readonly=True, copy=False, help="Delivered on.")
    date_queued = fields.Datetime(
        string="Queued On", readonly=True, copy=False, groups="rcm_collections.group_rcm_collector"
    )
    delivery_stuck = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="Queued for more than a day: its email or SMS did not leave Odoo (check the mail server).",
    )
    mail_message_id = fields.Many2one("mail.message", string="Email Message", readonly=True, copy=False)
    sms_message_id = fields.Many2one("mail.message", string="SMS Message", readonly=True, copy=False)
    letter_attachment_id = fields.Many2one("ir.attachment", string="Letter PDF", readonly=True, copy=False)
    settled = fields.Boolean(
        readonly=True, copy=False, index=True, help="Every item listed was paid (or credited) since."
    )
    date_settled = fields.Date(readonly=True, copy=False)

    _item_snapshot_pending = models.Index("(id) WHERE item_snapshot IS NOT NULL")
    _run_day_uniq = models.UniqueIndex(
        "(partner_id, company_id, date) WHERE origin = 'run' AND state != 'cancelled'",
        "A customer receives one dunning run communication a day.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("case_id.user_id")
    def _compute_user_id(self):
        for comm in self:
            comm.user_id = comm.case_id.user_id or comm.user_id

    @api.depends("line_ids.amount_collectible", "line_ids.line_type")
    def _compute_amounts(self):
        for comm in self:
            comm.update(
                self._get_amounts(
                    [(line.line_type, line.amount_collectible) for line in comm.line_ids], comm.currency_id
                )
            )

    @api.model
    def _get_amounts(self, lines, currency):
        """Totals of a communication from its lines given as ``(line_type, amount_collectible)``."""
        # float_round with the rounding read once (currency.round reads the field on every call: a
        # run totals thousands of communications)
        rounding = currency.rounding
        overdue = tools.float_round(
            sum(amount for kind, amount in lines if kind == "overdue"), precision_rounding=rounding
        )
        credit = tools.float_round(
            -sum(amount for kind, amount in lines if kind == "credit"), precision_rounding=rounding
        )
        return {
            "item_count": sum(1 for kind, _amount in lines if kind == "overdue"),
            "amount_overdue": overdue,
            "amount_credit": credit,
            "amount_due": tools.float_round(overdue - credit, precision_rounding=rounding),
        }

    @api.depends("fee_ids.amount_company", "fee_ids.state")
    def _compute_amount_fees(self):
        for comm in self:
            comm.amount_fees = sum(
                comm.fee_ids.filtered(lambda f: f.state != "cancelled").mapped("amount_company")
            )

    @api.depends("fee_ids.invoice_id")
    def _compute_fee_invoice_ids(self):
        for comm in self:
            comm.fee_invoice_ids = comm.fee_ids.invoice_id

    @api.depends("channel_email", "channel_letter", "channel_sms", "channel_call")
    def _compute_channels(self):
        labels = self._get_channel_labels()
        for comm in self:
            comm.channels = ", ".join(labels[channel] for channel in comm._get_channels())

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for comm in self:
            comm.access_url = f"/my/dunning/{comm.id}"
        return res

    @api.model_create_multi
    def create(self, vals_list):
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for vals, name in zip(unnamed, self._get_next_names(len(unnamed)), strict=True):
            vals["name"] = name
        return super(
            RcmDunningCommunication, self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
        ).create(vals_list)

    @api.constrains("contact_id", "partner_id")
    def _check_contact(self):
        # one query for the set: a run checks thousands of new communications at once, and reading
        # commercial_partner_id through the ORM loaded every column of their customers and contacts
        self.flush_model(["contact_id", "partner_id"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        wrong = self.env.execute_query(
            SQL(
                """
                SELECT c.id FROM rcm_dunning_communication c
                  JOIN res_partner ct ON ct.id = c.contact_id
                  JOIN res_partner p ON p.id = c.partner_id
                 WHERE c.id = ANY(%s)
                   AND COALESCE(ct.commercial_partner_id, ct.id) != COALESCE(p.commercial_partner_id, p.id)
                 ORDER BY c.id LIMIT 1
                """,
                self.ids,
            )
        )
        for comm in self.browse(row[0] for row in wrong):
            raise ValidationError(
                self.env._(
                    "The recipient of %(name)s must be a contact of %(customer)s.",
                    name=comm.name,
                    customer=comm.partner_id.display_name,
                )
            )

    def write(self, vals):
        if (
            "contact_id" in vals
            and not self.env.su
            and self.filtered(lambda c: c.state not in ("draft", "failed"))
        ):
            raise UserError(self.env._("The recipient of a communication already sent cannot change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        """What was sent (or charged) is kept: cancel a draft or failed communication, archive a sent one."""
        if self.filtered(lambda c: c.state in ("queued", "sent") or c.fee_invoice_id or c.date_sent):
            raise UserError(
                self.env._(
                    "A dunning communication that was sent or charged cannot be deleted: archive it instead."
                )
            )
        if self.fee_ids.filtered(lambda f: f.state == "posted"):
            raise UserError(self.env._("A dunning communication with posted charges cannot be deleted."))

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Dunning Letter %s", self.name)

    def _get_channels(self):
        self.ensure_one()
        return [channel for channel in CHANNELS if self[f"channel_{channel}"]]

    def _get_pending_channels(self):
        self.ensure_one()
        return [channel for channel in self._get_channels() if not self[f"{channel}_done"]]

    # ------------------------------------------------------------------
    # Building from the selection
    # ------------------------------------------------------------------
    @api.model
    def _prepare_values_from_candidate(
        self, row, company, date, run=None, case=None, level=None, origin="run", contact_id=None
    ):
        """Values of a draft communication from a candidate row of ``rcm.dunning.run``.

        ``level`` forces the communication level (strategy steps): items below it are raised to it.
        ``contact_id``: who it goes to (default: the customer's invoice address).
        """
        level = level or self.env["rcm.dunning.level"].browse(row["level_id"])
        forced_rank = level._get_rank() if origin != "run" else 0
        partner = self.env["res.partner"].browse(row["partner_id"])
        lines = []
        for item in row["items"]:
            escalates, new_level = item["escalates"], item["next_level_id"] if item["escalates"] else False
            if origin != "run":
                escalates = forced_rank > item["cur_rank"]
                new_level = level.id if escalates else False
            lines.append(
                Command.create(
                    {
                        "line_type": "overdue",
                        "move_id": item["move_id"],
                        "currency_id": item["currency_id"],
                        "amount_overdue": item["overdue"],
                        "amount_overdue_currency": item["overdue_currency"] or item["overdue"],
                        "amount_excluded": item["excluded"],
                        "amount_collectible": item["collectible"],
                        "date_due": item["due"],
                        "days_overdue": item["days"],
                        "disputed": item["disputed"],
                        "previous_level_id": item["cur_level_id"],
                        "level_id": new_level or item["cur_level_id"],
                        "escalated": escalates,
                    }
                )
            )
        for credit in row["credits"]:
            lines.append(
                Command.create(
                    {
                        "line_type": "credit",
                        "move_id": credit["move_id"],
                        "amount_collectible": -credit["credit"],
                        "amount_overdue": -credit["credit"],
                    }
                )
            )
        return {
            "run_id": run.id if run else False,
            "origin": origin,
            "date": date,
            "partner_id": partner.id,
            "contact_id": contact_id or partner._rcm_get_invoice_contacts()[partner.id],
            "company_id": company.id,
            "policy_id": level.policy_id.id,
            "level_id": level.id,
            "case_id": case.id if case else False,
            **self._rcm_get_channel_values(partner, level),
            "line_ids": lines,
        }

    @api.model
    def _rcm_prefetch_partners(self, partners):
        """Fetch, for the whole set, the customers' fields ``_prepare_values_from_candidate`` reads
        record by record (each row browses its customer alone: without this, one query per customer).
        Extensions reading more fields of the customers there add them here."""
        partners.fetch(["commercial_partner_id"])
        partners.commercial_partner_id.fetch(["rcm_preferred_channel"])

    @api.model
    def _rcm_get_channel_values(self, partner, level, channels=None):
        """``{channel_<name>: bool}`` of a communication of ``level`` to ``partner``: the level's channels
        (or ``channels``, e.g. the one of a strategy step), where the customer's preferred channel
        (``rcm_preferred_channel``) replaces the written ones (email, letter, SMS) when the level offers
        it; a call stays a call (a collector's to-do). Extension point."""
        offered = [channel for channel in CHANNELS if level[f"channel_{channel}"]]
        wanted = list(channels) if channels else offered
        preferred = partner.commercial_partner_id.rcm_preferred_channel
        written = ("email", "letter", "sms")
        if preferred in written and preferred in offered and any(ch in written for ch in wanted):
            wanted = [channel for channel in wanted if channel not in written] + [preferred]
        return {f"channel_{channel}": channel in wanted for channel in CHANNELS}

    @api.model
    def _create_for_cases(self, cases, level, channels=None, today=None):
        """Communications of ``level`` for the customers of ``cases`` (strategy steps), sent at once.

        Every collectible overdue item is listed; items below the level are raised to it. ``channels``
        restricts the level's channels (e.g. only the email of a strategy email step).
        """
        today = today or fields.Date.context_today(self)
        communications = self.browse()
        for company, company_cases in cases.grouped("company_id").items():
            rows = self.env["rcm.dunning.run"]._compute_candidates(
                company, today, partner_ids=company_cases.partner_id.ids, forced=True
            )
            case_by_partner = {case.partner_id.id: case for case in company_cases}
            partners = self.env["res.partner"].browse([row["partner_id"] for row in rows])
            contacts = partners._rcm_get_invoice_contacts()
            self._rcm_prefetch_partners(partners)
            values = []
            for row in rows:
                vals = self._prepare_values_from_candidate(
                    row,
                    company,
                    today,
                    case=case_by_partner.get(row["partner_id"]),
                    level=level,
                    origin="strategy",
                    contact_id=contacts[row["partner_id"]],
                )
                if channels:
                    partner = self.env["res.partner"].browse(row["partner_id"])
                    vals.update(self._rcm_get_channel_values(partner, level, channels))
                values.append(vals)
            communications |= self._create_with_lines(values)
        communications._send()
        return communications

    def _rcm_prepare_contact_values(self, origin="dunning"):
        """The ``rcm.contact`` values recording this communication as a contact with its customer
        (contact gateway, see rcm_collections ``rcm.contact``): its first channel, its level."""
        self.ensure_one()
        channel = next((ch for ch in ("letter", "email", "sms", "call") if self[f"channel_{ch}"]), "email")
        return {
            "partner_id": self.partner_id.id,
            "contact_partner_id": self.contact_id.id,
            "company_id": self.company_id.id,
            "date": self.date,
            "channel": channel,
            "origin": origin,
            "case_id": self.case_id.id,
            "res_model": self._name,
            "res_id": self.id,
            "summary": f"{self.name} - {self.level_id.name}",
        }

    @api.model
    def _get_next_names(self, count):
        """``count`` numbers of the communications' sequence, drawn at once."""
        if not count:
            return []
        # sudo: drawing a number needs no right on ir.sequence for the user (as next_by_code)
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", "rcm.dunning.communication"),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            return ["/"] * count
        if sequence.implementation == "standard" and not sequence.use_date_range:
            # one round trip for the whole run (ir_sequence_<id> is the PostgreSQL sequence Odoo's
            # standard implementation draws from, see ir.sequence._next_do)
            numbers = self.env.execute_query(
                SQL("SELECT nextval(%s) FROM generate_series(1, %s)", f"ir_sequence_{sequence.id:03d}", count)
            )
            prefix, suffix = sequence._get_prefix_suffix()  # as get_next_char, interpolated once
            return [f"{prefix}{number:0{sequence.padding}d}{suffix}" for (number,) in numbers]
        return [sequence._next() for _i in range(count)]

    @api.model
    def _create_with_lines(self, values):
        """Create the communications of ``values`` (from ``_prepare_values_from_candidate``) and all
        their lines, set-based: a run creates thousands at once (see ``tools/bulk.py``). The lines are
        written as one JSON snapshot per communication (``item_snapshot``), in the communications'
        ``INSERT``, and become line rows when lines are first read (``rcm.dunning.communication.line``).
        Values that are not plain column values (e.g. added by an extension) go through ``create``
        instead (lines created at once)."""
        line_commands = [vals.pop("line_ids", []) for vals in values]
        lines = self.env["rcm.dunning.communication.line"]
        if not (
            bulk.can_insert(self, values)
            and all(command[0] == Command.CREATE for commands in line_commands for command in commands)
            and bulk.can_insert(lines, [command[2] for commands in line_commands for command in commands])
        ):
            for vals, commands in zip(values, line_commands, strict=True):
                vals["line_ids"] = commands
            # sudo: the engine writes the workflow fields of the communications it builds from the
            # ledger selection (users have no create right on communications)
            return self.sudo().create(values).sudo(False)
        unnamed = [vals for vals in values if vals.get("name", "/") == "/"]
        for vals, name in zip(unnamed, self._get_next_names(len(unnamed)), strict=True):
            vals["name"] = name
        # what the ORM would compute, computed here from the values at hand (no flush of thousands of
        # single-row updates afterwards)
        cases = self.env["rcm.collection.case"].browse(
            {vals["case_id"] for vals in values if vals.get("case_id")}
        )
        cases.fetch(["user_id"])
        collectors = {case.id: case.user_id.id for case in cases}
        companies = self.env["res.company"].browse({vals["company_id"] for vals in values})
        currencies = {company.id: company.currency_id for company in companies}
        for vals, commands in zip(values, line_commands, strict=True):
            vals.update(
                self._get_amounts(
                    [(c[2]["line_type"], c[2]["amount_collectible"]) for c in commands],
                    currencies[vals["company_id"]],
                ),
                user_id=collectors.get(vals.get("case_id"), False),
                amount_fees=0.0,
            )
        # the items claimed, written with the communication: lines are materialized from it when
        # first read (see rcm_dunning_communication_line.py)
        snapshots = lines._rcm_prepare_snapshots([[c[2] for c in commands] for commands in line_commands])
        for vals, snapshot in zip(values, snapshots, strict=True):
            vals["item_snapshot"] = snapshot
        return bulk.insert_records(self, values)

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def _send(self):
        """Send the draft and failed communications on their pending channels, in batches.

        Charges (fees, interest, compensation) are computed first from the ledger (draft charges,
        announced by the letter and the email), then the letters are rendered and the email templates
        rendered for the whole batch at once, then every channel; a failure of one channel leaves
        the communication failed with the error, the others stay done and are not repeated by the
        retry. Without failure it is ``queued`` while an email or SMS waits in Odoo's queue, ``sent``
        (delivered: levels applied, charges posted) when its letter was printed or it had nothing to
        queue. Communications locked by another transaction are skipped; database concurrency errors
        propagate (the batch is retried whole). Returns the communications handed over (queued or sent).

        The whole batch runs in one savepoint (``_rcm_send_in_batch``): a communication whose sending
        raises is sent again alone, each channel in its own savepoint as before, so it fails alone.
        """
        sent = self.browse()
        labels = self._get_channel_labels()
        # rows another transaction is sending right now (the retry cron, a Retry button) are skipped
        todo = self.filtered(lambda c: c.state in ("draft", "failed")).try_lock_for_update(
            allow_referencing=True
        )
        errors = {comm.id: [] for comm in todo}
        # 1. charges first, from the ledger: the letter and the email announce them
        ledger = todo._get_ledger_items()

        def compute_charges(comm, alone):
            try:
                with self.env.cr.savepoint() if alone else contextlib.nullcontext():
                    comm.with_company(comm.company_id)._compute_charges(ledger)
            except psycopg2.OperationalError:
                raise
            except Exception as error:  # recorded on the communication, retried
                if not alone:
                    raise
                errors[comm.id].append(self.env._("Charges: %s", comm._format_error(error)))

        todo._rcm_send_in_batch(compute_charges)
        # 2. the letters of the batch in one go when possible, the emails rendered at once
        ready = todo.filtered(lambda c: not errors[c.id])
        ready._prerender_letters()
        rendered = ready._prerender_emails()

        # 3. every channel
        def send_channels(comm, alone):
            comm = comm.with_company(comm.company_id)
            for channel in comm._get_pending_channels():
                try:
                    with self.env.cr.savepoint() if alone else contextlib.nullcontext():
                        getattr(comm, f"_send_{channel}")()
                        comm._rcm_workflow_write({f"{channel}_done": True})
                except psycopg2.OperationalError:
                    raise
                except Exception as error:  # recorded on the communication, retried
                    if not alone:
                        raise
                    _logger.info("Dunning %s: %s failed: %s", comm.name, channel, error)
                    errors[comm.id].append(f"{labels[channel]}: {comm._format_error(error)}")

        try:
            ready._rcm_send_in_batch(send_channels)
        finally:
            rendered.clear()
        queued = self.browse()
        for comm in todo:
            comm = comm.with_company(comm.company_id)
            if errors[comm.id]:
                if comm.letter_done:  # printed: the customer gets it, whatever the other channels
                    comm._apply_delivery()
                comm._mark_failed("\n".join(errors[comm.id]))
            elif comm._is_delivered_at_once():
                comm._mark_sent()
                sent |= comm
            else:
                queued |= comm
        queued._mark_queued()
        return sent | queued

    def _rcm_send_in_batch(self, send):
        """Call ``send(communication, alone)`` for each of these communications: all of them with
        ``alone=False`` in one savepoint (``send`` then lets errors raise); when one raises, the
        savepoint is rolled back, that communication is sent alone (``alone=True``: ``send`` keeps
        each step in a savepoint of its own and records the errors) and the others again in one
        savepoint; after ``BATCH_FAILURES_MAX`` failures the rest go one by one. Database
        concurrency errors and interruptions propagate."""
        pending, alone = list(self), []
        while pending and len(alone) < BATCH_FAILURES_MAX:
            current = None
            try:
                with self.env.cr.savepoint():
                    for current in pending:
                        send(current, False)
                pending = []
            except psycopg2.OperationalError:
                raise
            except Exception as error:  # sent again alone, where the error is recorded
                _logger.info("Dunning %s: sent alone after a batch error: %s", current.name, error)
                alone.append(current)
                pending.remove(current)
        for comm in alone + pending:
            send(comm, True)

    def _is_delivered_at_once(self):
        """Delivered when handed over: its letter is printed, or it has no email nor SMS to queue."""
        self.ensure_one()
        return self.letter_done or not (self.channel_email or self.channel_sms)

    @api.model
    def _format_error(self, error):
        if isinstance(error, UserError):
            return error.args[0]
        return f"{type(error).__name__}: {error}"

    def _get_channel_labels(self):
        return {
            "letter": self.env._("Letter"),
            "email": self.env._("Email"),
            "sms": self.env._("SMS"),
            "call": self.env._("Call"),
        }

    def _get_thread(self):
        """Where emails and SMS are posted: the customer's open case (replies land there), else the
        communication itself."""
        self.ensure_one()
        if self.case_id and self.case_id.state != "resolved":
            return self.case_id
        return self

    def _attach_letter(self, content):
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self._get_report_base_filename()}.pdf",
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf",
            }
        )
        self._rcm_workflow_write({"letter_attachment_id": attachment.id})

    def _prerender_letters(self):
        """Render the letters still to send in one wkhtmltopdf call (split per letter by Odoo's report
        engine), when the installed wkhtmltopdf can (patched Qt) and outside tests; the others are
        rendered one by one by ``_send_letter``. A wkhtmltopdf process per letter costs about a second.
        The customer statements of the letters are read at once (``_rcm_prefetch_statements``)."""
        todo = self.filtered(lambda c: c.channel_letter and not c.letter_done and not c.letter_attachment_id)
        testing = modules.module.current_test or tools.config["test_enable"]
        if len(todo) < 2 or testing or not ir_actions_report._wkhtml().is_patched_qt:
            return
        try:
            with todo._rcm_prefetch_statements(), self.env.cr.savepoint():
                streams = self.env["ir.actions.report"]._render_qweb_pdf_prepare_streams(
                    "rcm_dunning.action_report_rcm_dunning_letter", {}, res_ids=todo.ids
                )
        except (UserError, OSError) as error:
            _logger.info("Dunning letters rendered one by one: %s", error)
            return
        for comm in todo:
            stream = streams.get(comm.id, {}).get("stream")
            if stream:
                comm._attach_letter(stream.getvalue())

    def _prerender_emails(self):
        """Render the email templates of these communications at once, one call per template
        (``mail.template._generate_template`` on all their ids: compiled once, records prefetched, each
        in its recipient's language as one by one, the customer statements of the batch read at once,
        see ``_rcm_get_customer_statement``), and the authors of their messages once per sender.
        ``_send_email`` takes them from there (and the message values of the batch's threads, see
        ``_rcm_get_email_post_values``). Returns the cache (cleared by ``_send`` when done)."""
        cache = self.env.cr.cache.setdefault("rcm_dunning_emails", {})
        todo = self.filtered(lambda c: c.channel_email and not c.email_done and c.level_id.mail_template_id)
        for comms in todo.grouped("company_id").values():
            for comm in comms:
                cache["batch", comm.id] = tuple(comms.ids)
        with todo._rcm_prefetch_statements():
            # per company as one by one (sent with the communication's company)
            for (company, template), comms in todo.grouped(
                lambda c: (c.company_id, c.level_id.mail_template_id)
            ).items():
                try:
                    # the template's body compiled once for the batch (see ir_qweb.py)
                    self.env.cr.cache[ir_qweb.BATCH_COMPILE_CACHE] = {}
                    with self.env.cr.savepoint():
                        values = template.with_company(company)._generate_template(
                            comms.ids, ("subject", "body_html", "email_from")
                        )
                except psycopg2.OperationalError:
                    raise
                except Exception as error:  # rendered one by one: the failing one fails alone
                    _logger.info("Dunning emails rendered one by one: %s", error)
                    continue
                finally:
                    self.env.cr.cache.pop(ir_qweb.BATCH_COMPILE_CACHE, None)
                for comm in comms:
                    cache["values", template.id, comm.id] = values[comm.id]
        return cache

    @contextlib.contextmanager
    def _rcm_prefetch_statements(self):
        """Within this context, the customer statements of these communications are read at once,
        per company and day, by the first one that reads its own (``_rcm_get_customer_statement``):
        for rendering their documents together. Outside it each reads its own, the ledger as it is
        then."""
        batches = {}
        for comms in self.grouped(lambda c: (c.company_id, c.date)).values():
            batches.update(dict.fromkeys(comms.ids, tuple(comms.ids)))
        self.env.cr.cache[STATEMENT_PREFETCH] = {"batches": batches, "statements": {}}
        try:
            yield
        finally:
            self.env.cr.cache.pop(STATEMENT_PREFETCH, None)

    def _rcm_get_email_values(self, template):
        """The rendered subject, body and sender of this communication's email (batch-rendered by
        ``_prerender_emails`` when possible)."""
        self.ensure_one()
        cache = self.env.cr.cache.get("rcm_dunning_emails", {})
        values = cache.get(("values", template.id, self.id))
        if values is None:
            values = template._generate_template(self.ids, ("subject", "body_html", "email_from"))[self.id]
        return values

    def _rcm_get_email_author(self, thread, email_from):
        """``(author_id, email_from)`` of a message posted on ``thread`` from ``email_from``, as
        ``message_post`` computes them (``_message_compute_author``), once per sender in a batch."""
        cache = self.env.cr.cache.setdefault("rcm_dunning_emails", {})
        key = ("author", thread._name, email_from, self.env.uid)
        if key in cache:
            return cache[key]
        author = thread._message_compute_author(None, email_from)
        normalized = tools.email_normalize(email_from) if email_from else False
        # the thread only breaks ties (its followers, its company) between partners sharing the
        # sender's address: the author is the batch's when at most one partner has it
        # sudo: every partner with that address counts, readable by the user or not
        if not normalized or (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("email_normalized", "=", normalized)], limit=2)
            <= 1
        ):
            cache[key] = author
        return author

    def _rcm_get_email_post_values(self, thread, author_id, email_from):
        """The message values ``message_post`` computes from ``thread`` alone (its reply-to, alias
        domain and company), computed at once for the threads of this communication's batch (see
        ``_prerender_emails``) with the same sender, by the same methods ``message_post`` calls; given
        to ``message_post``, which then skips computing them one message at a time. Plus the message's
        tracking values: none."""
        self.ensure_one()
        # a posted email tracks nothing: message_post would search its tracking values
        untracked = {"tracking_value_ids": []}
        cache = self.env.cr.cache.get("rcm_dunning_emails", {})
        batch = cache.get(("batch", self.id))
        if not batch:  # not sent by _send: message_post computes them
            return untracked
        company = self.env.company
        key = ("post", thread._name, thread.id, author_id, email_from, company.id)
        if key not in cache:
            comms = self.browse(batch)
            threads = thread.browse(
                dict.fromkeys(t.id for t in (c._get_thread() for c in comms) if t._name == thread._name)
            )
            if thread not in threads:
                threads |= thread
            # as message_post: the thread in its language, the environment's company as default
            threads = threads._fallback_lang()
            reply_to = threads._notify_get_reply_to(default=email_from, author_id=author_id)
            # sudo: as message_post, alias domains are restricted
            alias_domains = threads.sudo()._mail_get_alias_domains(default_company=company)
            companies = threads._mail_get_companies(default=company)
            for res_id in threads.ids:
                cache["post", thread._name, res_id, author_id, email_from, company.id] = {
                    "record_alias_domain_id": alias_domains[res_id].id,
                    "record_company_id": companies[res_id].id,
                    "reply_to": reply_to[res_id],
                }
        return {**cache[key], **untracked}

    def _rcm_get_letter_stylesheet(self):
        """The report stylesheets (``web.report_assets_pdf``, ``web.report_assets_common``) as CSS text
        when the letters render outside an HTTP request (a cron, the sending from a script), else ''.

        wkhtmltopdf loads the ``<link>`` of the report layout from ``report.url`` or ``web.base.url``
        (``ir.actions.report._get_report_url``); without a request nothing may answer there (no HTTP
        server in the process, or a public URL the server cannot reach) and the letter would print
        unstyled. Inline, the letter has its styles whoever renders it. Read once per transaction."""
        if http.request:
            return ""
        cache = self.env.cr.cache
        if "rcm_dunning_letter_css" not in cache:
            qweb = self.env["ir.qweb"]
            css = b"\n".join(
                attachment.raw or b""
                for bundle in ("web.report_assets_pdf", "web.report_assets_common")
                for attachment in qweb._get_asset_bundle(bundle, js=False, autoprefix=True).css()
            )
            cache["rcm_dunning_letter_css"] = Markup(css.decode())
        return cache["rcm_dunning_letter_css"]

    def _send_letter(self):
        """Render the PDF letter and keep it on the communication (and the portal)."""
        self.ensure_one()
        if self.letter_attachment_id:  # rendered with its batch
            return
        report = self.env.ref("rcm_dunning.action_report_rcm_dunning_letter")
        content, _report_type = self.env["ir.actions.report"]._render_qweb_pdf(report, self.ids)
        self._attach_letter(content)

    def _send_email(self):
        """Post the level's email on the case thread, addressed to the billing contact."""
        self.ensure_one()
        contact = self.contact_id if self.contact_id.email else self.partner_id
        if not contact.email:
            raise UserError(self.env._("%s has no email address.", (self.contact_id or contact).display_name))
        template = self.level_id.mail_template_id
        if not template:
            raise UserError(self.env._("Level %s has no email template.", self.level_id.name))
        values = self._rcm_get_email_values(template)
        thread = self._get_thread()
        author_id, email_from = self._rcm_get_email_author(thread, values.get("email_from") or None)
        message = thread.with_context(mail_post_autofollow=False, rcm_dunning_auto=True).message_post(
            body=values.get("body_html") or "",
            subject=values.get("subject"),
            email_from=email_from,
            author_id=author_id,
            partner_ids=contact.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=self.letter_attachment_id.ids,
            force_send=False,
            **self._rcm_get_email_post_values(thread, author_id, email_from),
        )
        self._rcm_workflow_write({"mail_message_id": message.id})

    def _send_sms(self):
        """Queue the level's SMS (Odoo's sms module sends it) on the case thread."""
        self.ensure_one()
        contact = self.contact_id or self.partner_id
        number = contact.phone or self.partner_id.phone
        if not number:
            raise UserError(self.env._("%s has no phone number for SMS.", contact.display_name))
        template = self.level_id.sms_template_id
        if not template:
            raise UserError(self.env._("Level %s has no SMS template.", self.level_id.name))
        body = template._render_field("body", self.ids, compute_lang=True)[self.id]
        message = self._get_thread()._message_sms(
            html2plaintext(body) if "<" in body else body,
            partner_ids=contact.ids,
            sms_pid_to_number={contact.id: number},
            put_in_queue=True,
        )
        self._rcm_workflow_write({"sms_message_id": message.id})

    def _send_call(self):
        """A call to do for the collector, on the case."""
        self.ensure_one()
        thread = self._get_thread()
        thread.activity_schedule(
            activity_type_id=(
                self.level_id.call_activity_type_id or self.env.ref("mail.mail_activity_data_call")
            ).id,
            summary=self.env._("Dunning call: %s", self.level_id.name),
            note=self.env._("Amount due: %s", self.currency_id.format(self.amount_due)),
            user_id=(self.user_id or self.env.user).id,
            date_deadline=self.date,
        )

    def _mark_queued(self):
        """Handed over to Odoo's mail/SMS queue: delivered (``_mark_sent``) when the queue says so.
        One note per communication, logged for the whole batch at once."""
        if not self:
            return
        # sudo (in _message_log_batch): the sending already checked the user's right on them
        self._message_log_batch(
            bodies={
                comm.id: self.env._(
                    "Queued (%s): sent once the mail server or SMS provider accepts it.", comm.channels
                )
                for comm in self
            }
        )
        self._rcm_workflow_write(
            {
                "state": "queued",
                "error": False,
                "next_retry_date": False,
                "date_queued": fields.Datetime.now(),
                "delivery_stuck": False,
            }
        )

    def _mark_sent(self):
        """Delivered: the items reach their new level and the charges are posted (once)."""
        self.ensure_one()
        self._rcm_workflow_write(
            {
                "state": "sent",
                "error": False,
                "next_retry_date": False,
                "delivery_stuck": False,
                "date_sent": fields.Datetime.now(),
            }
        )
        self._apply_delivery()
        body = self.env._(
            "Dunning %(level)s sent (%(channels)s): %(amount)s due.",
            level=self.level_id.name,
            channels=self.channels,
            amount=self.currency_id.format(self.amount_due),
        )
        if self.case_id:
            self.case_id.message_post(body=body, subtype_xmlid="mail.mt_note")
            if self.is_legal:
                self.case_id.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Final demand sent: prepare the legal follow-up"),
                    user_id=(self.user_id or self.env.user).id,
                    date_deadline=self.date + timedelta(days=self.level_id.payment_days),
                )

    def _apply_delivery(self):
        """What a delivered (or printed) communication does, once: items at their new level, charges
        posted. A failure to post is kept on the chatter; the hourly cron posts the charges again."""
        self.ensure_one()
        self._apply_levels()
        if not self.fee_ids.filtered(lambda f: f.state == "draft"):
            return
        try:
            with self.env.cr.savepoint():
                self.with_company(self.company_id)._post_fees()
        except psycopg2.OperationalError:
            raise
        except Exception as error:  # kept in draft, retried by _cron_retry
            self.message_post(body=self.env._("Charges not posted yet: %s", self._format_error(error)))

    def _mark_failed(self, error):
        """Failed: keep the error, plan a retry (doubling delays), warn the collector once retries run out."""
        self.ensure_one()
        attempts = self.attempt_count + 1
        retry = attempts <= self.policy_id.max_retries
        self._rcm_workflow_write(
            {
                "state": "failed",
                "error": error,
                "attempt_count": attempts,
                "next_retry_date": fields.Datetime.now()
                + timedelta(hours=RETRY_DELAY_HOURS * 2 ** (attempts - 1))
                if retry
                else False,
            }
        )
        self.message_post(
            body=self.env._("Sending failed (attempt %(n)s): %(error)s", n=attempts, error=error)
        )
        if not retry:
            self._get_thread().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Dunning %s could not be sent", self.name),
                note=error,
                user_id=(self.user_id or self.env.user).id,
            )

    def _apply_levels(self):
        """The escalated items of a sent communication are now at their new level (set-based)."""
        lines = self.line_ids.filtered(lambda line: line.escalated and line.level_id)
        if not lines:
            return
        self.env["account.move"].flush_model(["rcm_dunning_level_id", "rcm_dunning_date"])
        self.env.execute_query(
            SQL(
                """
                UPDATE account_move m SET rcm_dunning_level_id = v.level_id, rcm_dunning_date = v.date
                  FROM unnest(%s::int[], %s::int[], %s::date[]) AS v(move_id, level_id, date)
                 WHERE m.id = v.move_id
                """,
                [line.move_id.id for line in lines],
                [line.level_id.id for line in lines],
                [line.communication_id.date for line in lines],
            )
        )
        self.env["account.move"].invalidate_model(["rcm_dunning_level_id", "rcm_dunning_date"])

    # ------------------------------------------------------------------
    # Charges
    # ------------------------------------------------------------------
    def _get_ledger_items(self):
        """The overdue items of these communications' customers as the ledger has them now.

        ``{(communication id, move id): item}`` where ``item`` is an item of the run's selection
        (``rcm.dunning.run._compute_candidates`` with ``forced``: posted receivable journal items,
        exclusions, disputes) as of the communication's date. Charges are computed from these, never
        from the values stored on the communication lines. One statement per company and date.
        """
        items = {}
        groups = defaultdict(lambda: self.browse())
        for comm in self:
            groups[comm.company_id, comm.date] |= comm
        for (company, date), comms in groups.items():
            rows = self.env["rcm.dunning.run"]._compute_candidates(
                company, date, partner_ids=comms.partner_id.ids, forced=True
            )
            by_partner = {row["partner_id"]: row for row in rows}
            for comm in comms:
                for item in by_partner.get(comm.partner_id.id, {}).get("items", []):
                    items[comm.id, item["move_id"]] = item
        return items

    def _prepare_charges(self, ledger=None):
        """Charges of the escalated items (``rcm.dunning.fee`` values), never twice for an item and
        level (nor twice the compensation of an item), none on disputed items nor on charge invoices.

        Amounts, due dates and disputes come from the ledger (``_get_ledger_items``); an item is
        charged only while it is still open and stands at the level it escalates from (or the one
        this communication gave it), at a level of the communication's policy.
        """
        self.ensure_one()
        ledger = self._get_ledger_items() if ledger is None else ledger
        policy = self.policy_id
        lines = self.line_ids.filtered(
            lambda line: (
                line.line_type == "overdue"
                and line.escalated
                and line.level_id.policy_id == policy
                and line.level_id._has_charges()
                and (self.id, line.move_id.id) in ledger
            )
        )
        lines = lines.filtered(
            lambda line: (
                not ledger[self.id, line.move_id.id]["disputed"]
                and not ledger[self.id, line.move_id.id]["is_fee"]
                and (ledger[self.id, line.move_id.id]["cur_level_id"] or False)
                in (line.previous_level_id.id, line.level_id.id)
            )
        )
        if not lines:
            return []
        existing = self.env["rcm.dunning.fee"].search(
            [("move_id", "in", lines.move_id.ids), ("state", "!=", "cancelled")]
        )
        done = {(fee.move_id.id, fee.level_id.id, fee.kind) for fee in existing}
        compensated = set(existing.filtered(lambda f: f.kind == "compensation").move_id.ids)
        rate = policy._get_interest_rate()
        company, company_currency = self.company_id, self.company_id.currency_id
        values = []
        for line in lines:
            level, move = line.level_id, line.move_id
            item = ledger[self.id, move.id]
            # charged in the item's own currency: its collectible balance in that currency, the
            # level's fixed amounts (company currency) converted at the rate of the day
            currency = move.currency_id or company_currency
            balance, conversion = item["collectible"], 1.0
            if currency != company_currency:
                overdue, overdue_currency = item["overdue"], item.get("overdue_currency")
                if overdue and overdue_currency:
                    balance = currency.round(item["collectible"] * overdue_currency / overdue)
                conversion = company_currency._get_conversion_rate(
                    company_currency, currency, company, self.date
                )
            charges = fee_service.item_charges(
                balance,
                fields.Date.to_date(item["due"]),
                self.date,
                fixed=level.fee_fixed,
                percent=level.fee_percent,
                minimum=level.fee_min,
                maximum=level.fee_max,
                annual_rate=rate if level.charge_interest else 0.0,
                interest_from=move.rcm_dunning_interest_date,
                compensation_amount=policy.compensation_amount
                if level.charge_compensation and move.id not in compensated
                else 0.0,
                digits=currency.decimal_places,
                rate=conversion,
            )
            for charge in charges:
                if (move.id, level.id, charge.kind) in done:
                    continue
                values.append(
                    {
                        "communication_id": self.id,
                        "move_id": move.id,
                        "level_id": level.id,
                        "kind": charge.kind,
                        "currency_id": currency.id,
                        "amount": charge.amount,
                        "base_amount": charge.base,
                        "rate": charge.rate,
                        "days": charge.days,
                        "date_from": charge.date_from,
                        "date_to": charge.date_to,
                    }
                )
        return values

    def _compute_charges(self, ledger=None):
        """Draft charges of this communication, computed once from the ledger when it is first sent."""
        self.ensure_one()
        if self.fee_ids.filtered(lambda f: f.state != "cancelled"):
            return self.fee_ids.filtered(lambda f: f.state != "cancelled")
        values = self._prepare_charges(ledger)
        if not values:
            return self.env["rcm.dunning.fee"]
        if not self.policy_id._get_fee_journal():
            raise UserError(
                self.env._("No sales journal to post the dunning charges of %s.", self.company_id.name)
            )
        # sudo: charges are written by the sending only, from the ledger (users cannot create them)
        return self.env["rcm.dunning.fee"].sudo().create(values)

    def _post_fees(self):
        """Post the draft charges of this delivered communication on customer invoices, one per
        currency of the charged items (the company currency's first), once: posted charges are never
        invoiced again. ``fee_invoice_id`` keeps the first invoice, ``fee_invoice_ids`` lists them all."""
        self.ensure_one()
        # sudo: the charges were computed by the sending; posting them is the workflow's step
        charges = self.sudo().fee_ids.filtered(lambda f: f.state == "draft")
        if not charges:  # posted already (or nothing to charge): the invoices posted, nothing new
            return self.sudo().fee_ids.filtered(lambda f: f.state == "posted").invoice_id.sudo(False)
        invoices = self.env["account.move"]
        company_currency = self.company_id.currency_id
        for _currency, currency_charges in sorted(
            charges.grouped("currency_id").items(), key=lambda kv: (kv[0] != company_currency, kv[0].name)
        ):
            invoices |= currency_charges._create_invoice(self)
        if not self.fee_invoice_id:
            self._rcm_workflow_write({"fee_invoice_id": invoices[:1].id})
        return invoices

    def _cancel_charges(self):
        """Charges of communications that will never be delivered are cancelled (never posted)."""
        # sudo: workflow step of the cancelling, as the charges were created
        self.sudo().fee_ids.filtered(lambda f: f.state == "draft").write({"state": "cancelled"})

    # ------------------------------------------------------------------
    # Retries and delivery follow-up
    # ------------------------------------------------------------------
    def _get_delivery_status(self):
        """``{communication id: ('sent' | 'failed' | 'queued', reason)}`` from the notifications of
        its email and SMS messages (``mail.notification``: Odoo's mail and SMS queues write them)."""
        messages = self.mail_message_id | self.sms_message_id
        # sudo: notifications of the communications' own messages, read by the delivery follow-up
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .search([("mail_message_id", "in", messages.ids), ("notification_type", "in", ("email", "sms"))])
        )
        by_message = defaultdict(list)
        for notification in notifications:
            by_message[notification.mail_message_id.id].append(notification)
        result = {}
        for comm in self:
            notes = by_message[comm.mail_message_id.id] + by_message[comm.sms_message_id.id]
            failed = [n for n in notes if n.notification_status in FAILED_STATUSES]
            if failed:
                reason = failed[0].failure_reason or failed[0].failure_type or failed[0].notification_status
                result[comm.id] = ("failed", reason)
            elif notes and all(n.notification_status in DELIVERED_STATUSES for n in notes):
                result[comm.id] = ("sent", "")
            else:
                result[comm.id] = ("queued", "")
        return result

    def _sync_delivery(self):
        """Follow the delivery of queued (and recently sent) communications: delivered ones become
        sent (levels applied, charges posted), failed or bounced ones failed (retried); those queued
        for more than a day are flagged ``delivery_stuck``. Returns the failed ones."""
        comms = self.filtered(
            lambda c: c.state in ("queued", "sent") and (c.mail_message_id or c.sms_message_id)
        )
        stuck_before = fields.Datetime.now() - timedelta(hours=STUCK_AFTER_HOURS)
        for comm in comms:
            status, reason = comm._get_delivery_status()[comm.id]
            if status == "failed":
                done = {"email_done": False} if comm.mail_message_id else {}
                if comm.sms_message_id:
                    done["sms_done"] = False
                comm._rcm_workflow_write(done)
                comm._mark_failed(self.env._("Not delivered: %s", reason))
            elif status == "sent" and comm.state == "queued":
                comm._mark_sent()
            elif status == "queued" and comm.state == "queued":
                stuck = bool(comm.date_queued and comm.date_queued < stuck_before)
                if stuck != comm.delivery_stuck:
                    comm._rcm_workflow_write({"delivery_stuck": stuck})
        return comms.filtered(lambda c: c.state == "failed")

    def _sync_delivery_failures(self):
        """Kept for callers of the previous name: see ``_sync_delivery``."""
        return self._sync_delivery()

    @api.model
    def _cron_retry(self, batch_size=100):
        """Every hour: queued communications follow their delivery (sent, failed, stuck), delivery
        failures of the last week come back as failed; failed communications whose retry time has
        come are sent again, in committed batches; delivered ones whose charges could not be posted
        are posted again."""
        recent = self.search(
            [
                "|",
                ("state", "=", "queued"),
                "&",
                ("state", "=", "sent"),
                ("date_sent", ">=", fields.Datetime.now() - timedelta(days=7)),
                "|",
                ("mail_message_id", "!=", False),
                ("sms_message_id", "!=", False),
            ]
        )
        recent._sync_delivery()
        unposted = self.search([("state", "=", "sent"), ("fee_ids.state", "=", "draft")])
        for comm in unposted:
            try:
                with self.env.cr.savepoint():
                    comm.with_company(comm.company_id)._post_fees()
            except psycopg2.OperationalError:
                raise
            except Exception as error:  # kept in draft, tried again next hour
                _logger.warning("Dunning %s: charges not posted: %s", comm.name, error)
        domain = [("state", "=", "failed"), ("next_retry_date", "<=", fields.Datetime.now())]
        while True:
            comms = self.search(domain, limit=batch_size, order="next_retry_date, id")
            if not comms:
                break
            comms._send()
            remaining = self.search_count(domain)
            if not self.env["ir.cron"]._commit_progress(len(comms), remaining=remaining):
                break

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_send(self):
        """Button: send now (draft) or retry now (failed)."""
        todo = self.filtered(lambda c: c.state in ("draft", "failed"))
        if not todo or todo != self:
            raise UserError(self.env._("Only draft and failed communications can be sent."))
        todo.check_access("write")  # the sending writes the workflow fields in superuser mode
        todo._send()
        return True

    def action_retry(self):
        """Button: retry a failed communication now, even when its automatic retries ran out."""
        return self.action_send()

    def action_cancel(self):
        """Button: do not send (draft or failed communications); their draft charges are cancelled."""
        todo = self.filtered(lambda c: c.state in ("draft", "failed"))
        if todo != self:
            raise UserError(self.env._("Only draft and failed communications can be cancelled."))
        todo.check_access("write")
        todo._rcm_cancel()
        return True

    def _rcm_cancel(self, reason=None):
        """Cancel (workflow): no sending, no charge; the reason goes to the chatter."""
        self._cancel_charges()
        self._rcm_workflow_write({"state": "cancelled", "next_retry_date": False, "delivery_stuck": False})
        for comm in self:
            comm.message_post(body=reason or self.env._("Cancelled by %s.", self.env.user.name))

    def action_view_fee_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.fee_invoice_id.id,
        }

    def action_print_letter(self):
        """Button: the letter as a PDF."""
        return self.env.ref("rcm_dunning.action_report_rcm_dunning_letter").report_action(self)

    # ------------------------------------------------------------------
    # Helpers of the templates (email, SMS, letter, portal)
    # ------------------------------------------------------------------
    def _get_overdue_lines(self):
        self.ensure_one()
        return self.line_ids.filtered(lambda line: line.line_type == "overdue").sorted(
            lambda line: (line.date_due or fields.Date.today(), line.id)
        )

    def _get_credit_lines(self):
        self.ensure_one()
        return self.line_ids.filtered(lambda line: line.line_type == "credit")

    def _rcm_get_customer_statement(self):
        """What the customer's account looks like on the communication's day, as every customer-facing
        body of it shows it (``rcm.customer.statement._get_statement``): collectible overdue items with
        one total per invoice currency, then apart what is under review, promised, on hold, coming due
        and the unapplied credits. Read in superuser mode: the templates render for the customer.
        Within ``_rcm_prefetch_statements`` (the emails and letters of a batch rendered together),
        the first read gives the statements of every communication of the batch with the same company
        and day (one ``_get_statements``)."""
        self.ensure_one()
        # sudo: server-side rendering of this communication's own customer account
        statement_model = self.env["rcm.customer.statement"].sudo()
        prefetch = self.env.cr.cache.get(STATEMENT_PREFETCH)
        batch = prefetch and prefetch["batches"].get(self.id)
        if not batch:
            return statement_model._get_statement(self.partner_id, self.company_id, self.date)
        # the batch's statements (same company and day) read at once, in this environment: the
        # rendering's (language, company), so that each is what reading it alone would give
        statements = prefetch["statements"]
        if (self.env, self.id) not in statements:
            comms = self.browse(batch)
            by_partner = statement_model._get_statements(comms.partner_id, self.company_id, self.date)
            for comm in comms:
                statements[self.env, comm.id] = by_partner[comm.partner_id.id]
        return statements[self.env, self.id]

    def _rcm_get_sms_overdue_text(self):
        """The SMS sentence on the account: the collectible overdue total(s), one per currency, and
        the payment deadline; never an overdue text when nothing is collectible."""
        self.ensure_one()
        statement = self._rcm_get_customer_statement()
        lang = self.contact_id.lang or self.partner_id.lang or self.env.lang
        if not statement["has_collectible"]:
            return self.env._("Nothing is overdue on your account. Your statement:")
        amounts = self.env._(" and ").join(
            tools.format_amount(self.env, amount, currency, lang_code=lang)
            for currency, amount in statement["overdue"]["totals"].items()
            if amount > 0
        )
        return self.env._(
            "%(amounts)s overdue on your account. Please pay by %(date)s:",
            amounts=amounts,
            date=tools.format_date(self.env, self._get_payment_deadline(), lang_code=lang),
        )

    def _rcm_get_asked_totals(self):
        """``[(currency, amount)]``: what this communication asked for when it was built, one total per
        invoice currency of its collectible overdue items (from its lines, no ledger query: lists of
        communications show it)."""
        self.ensure_one()
        totals = defaultdict(float)
        company_currency = self.company_id.currency_id
        for line in self._get_overdue_lines():
            currency = line.currency_id or company_currency
            amount = line.amount_collectible
            if currency != company_currency and line.amount_overdue:
                amount = amount * line.amount_overdue_currency / line.amount_overdue
            totals[currency] += amount
        return [
            (currency, currency.round(amount))
            for currency, amount in sorted(
                totals.items(), key=lambda kv: (kv[0] != company_currency, kv[0].name)
            )
        ]

    def _rcm_get_fee_totals(self):
        """``[(currency, amount)]`` of the charges not cancelled, one total per currency of the
        charged items (company currency first)."""
        self.ensure_one()
        totals = defaultdict(float)
        for fee in self.sudo().fee_ids.filtered(lambda f: f.state != "cancelled"):
            totals[fee.currency_id] += fee.amount
        company_currency = self.company_id.currency_id
        return [
            (currency, currency.round(amount))
            for currency, amount in sorted(
                totals.items(), key=lambda kv: (kv[0] != company_currency, kv[0].name)
            )
        ]

    def _get_pay_url(self):
        """Absolute URL of the communication on the portal, with its access token (pay online)."""
        self.ensure_one()
        return self.get_base_url() + self.get_portal_url()

    def _get_payment_deadline(self):
        self.ensure_one()
        return self.date + timedelta(days=self.level_id.payment_days)

    def _settle(self, today=None):
        """Flag the sent communications whose listed items are all paid (set-based check)."""
        comms = self.filtered(lambda c: c.state in ("queued", "sent") and not c.settled)
        if not comms:
            return self.browse()
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT l.communication_id
                  FROM rcm_dunning_communication_line l
                  JOIN account_move m ON m.id = l.move_id
                 WHERE l.communication_id = ANY(%s) AND l.line_type = 'overdue'
                 GROUP BY l.communication_id
                HAVING BOOL_AND(m.payment_state IN ('paid', 'in_payment', 'reversed'))
                """,
                comms.ids,
            )
        )
        settled = self.browse(row[0] for row in rows)
        settled._rcm_workflow_write(
            {"settled": True, "date_settled": today or fields.Date.context_today(self)}
        )
        for comm in settled:
            comm.message_post(body=self.env._("Every item of this communication is paid."))
        return settled
