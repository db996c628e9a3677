# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The contact gateway: one row per contact with a customer, and the company's contact policy.

Whatever sends something to a customer (strategy steps, dunning levels and runs, statements) asks the
gateway first and records what it sent:

* ``_rcm_check_policy(partners, company, day)`` -> ``{partner id: translated reason or False}``, one
  query for the whole set (see ``services.contact_policy`` for the rules);
* ``_rcm_filter_contactable(partners, company, day)`` -> ``(allowed partners, {partner id: reason})``:
  the same check, plus a transaction advisory lock per (company, customer)
  (``pg_try_advisory_xact_lock``): a customer another transaction is contacting right now is left out
  ("being contacted elsewhere"), so two engines never contact the same customer twice the same day;
* ``_rcm_record(vals_list)`` records the contacts (server side only: nobody creates or writes a
  contact over RPC).

Calls logged by a collector are recorded with origin ``manual`` and are never blocked nor counted.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..services import contact_policy

CHANNELS = [
    ("email", "Email"),
    ("letter", "Letter"),
    ("sms", "SMS"),
    ("call", "Call"),
    ("statement", "Statement"),
]
ORIGINS = [("strategy", "Strategy Step"), ("dunning", "Dunning"), ("manual", "Manual")]
# First key of the advisory lock taken while a customer is contacted (second: partner id, the company
# is folded into the first key).
LOCK_KEY = 0x52434300  # "RCC\0" + company id


class RcmContact(models.Model):
    """One contact with a customer: what was sent (or said), when, by which path, on which case."""

    _name = "rcm.contact"
    _description = "Customer Contact"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, readonly=True, ondelete="cascade"
    )
    contact_partner_id = fields.Many2one("res.partner", string="Recipient", readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    date = fields.Date(required=True, index=True, readonly=True)
    channel = fields.Selection(CHANNELS, required=True, readonly=True)
    origin = fields.Selection(ORIGINS, required=True, readonly=True, index=True)
    case_id = fields.Many2one(
        "rcm.collection.case", index=True, readonly=True, ondelete="set null", check_company=True
    )
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", readonly=True)
    user_id = fields.Many2one("res.users", string="By", readonly=True)
    summary = fields.Char(readonly=True)

    _partner_company_date_idx = models.Index("(partner_id, company_id, date)")
    # the hard guarantee behind the policy: one counted contact per customer, company and day (a
    # transaction whose snapshot missed a concurrent contact fails here instead of contacting twice)
    _one_a_day = models.UniqueIndex(
        "(partner_id, company_id, date) WHERE origin != 'manual'",
        "A customer is contacted once a day at most.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        """Contacts are recorded by the engines (``_rcm_record``, as superuser), never over RPC."""
        if not self.env.su:
            raise AccessError(self.env._("Contacts with customers are recorded by RCM itself."))
        return super().create(vals_list)

    def write(self, vals):
        """A recorded contact is history: only the engines (superuser) may correct it."""
        if not self.env.su:
            raise AccessError(self.env._("Contacts with customers are recorded by RCM itself."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Gateway API
    # ------------------------------------------------------------------
    @api.model
    def _rcm_policy_reasons(self):
        """Translated text of the policy's reason codes."""
        return {
            contact_policy.DO_NOT_CONTACT: self.env._("Do not contact"),
            contact_policy.NON_WORKING_DAY: self.env._("Non-working day"),
            contact_policy.SAME_DAY: self.env._("Already contacted today"),
            contact_policy.MIN_DAYS: self.env._("Contacted less than %s days ago"),
            contact_policy.MAX_PER_30: self.env._("Already %s contacts in the last 30 days"),
        }

    @api.model
    def _rcm_get_entities(self, partners):
        """``{partner id: (commercial entity id, do not contact, until, reason)}`` of ``partners``, in
        one query: a run checks thousands of customers, and reading ``commercial_partner_id`` through
        the ORM loaded every column of every partner and of its entity."""
        if not partners:
            return {}
        self.env["res.partner"].flush_model(
            [
                "commercial_partner_id",
                "rcm_do_not_contact",
                "rcm_do_not_contact_until",
                "rcm_do_not_contact_reason",
            ]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id, e.id, COALESCE(e.rcm_do_not_contact, FALSE), e.rcm_do_not_contact_until,
                       e.rcm_do_not_contact_reason
                  FROM res_partner p
                  JOIN res_partner e ON e.id = COALESCE(p.commercial_partner_id, p.id)
                 WHERE p.id = ANY(%s)
                """,
                list(set(partners.ids)),
            )
        )
        return {row[0]: row[1:] for row in rows}

    @api.model
    def _rcm_check_policy(self, partners, company, day, entities=None):
        """``{partner id: translated reason or False}``: may each customer (its commercial entity) be
        contacted by ``company`` on ``day``? Two queries for the whole set (see the module docstring);
        ``entities`` is ``_rcm_get_entities(partners)`` when the caller has it already."""
        result = {partner.id: False for partner in partners}
        if not partners:
            return result
        entities = entities if entities is not None else self._rcm_get_entities(partners)
        window_start = day - timedelta(days=contact_policy.WINDOW_DAYS + max(company.rcm_contact_min_days, 1))
        self.flush_model(["partner_id", "company_id", "date", "origin"])
        history = defaultdict(list)
        for partner_id, contact_date in self.env.execute_query(
            SQL(
                """
                SELECT partner_id, date FROM rcm_contact
                 WHERE company_id = %s AND partner_id = ANY(%s) AND origin != 'manual'
                   AND date BETWEEN %s AND %s
                """,
                company.id,
                list({entity[0] for entity in entities.values()}),
                window_start,
                day,
            )
        ):
            history[partner_id].append(contact_date)
        working = company._rcm_is_contact_day(day)
        texts = self._rcm_policy_reasons()
        min_days, max_30 = company.rcm_contact_min_days, company.rcm_contact_max_30d
        for partner_id in result:
            entity_id, do_not_contact, until, reason = entities[partner_id]
            code = contact_policy.check(
                day,
                history[entity_id],
                min_days=min_days,
                max_per_30=max_30,
                working_day=working,
                do_not_contact=do_not_contact,
                until=until or None,
            )
            if not code:
                continue
            text = texts[code]
            if code == contact_policy.MIN_DAYS:
                text = text % min_days
            elif code == contact_policy.MAX_PER_30:
                text = text % max_30
            if code == contact_policy.DO_NOT_CONTACT and reason:
                text = f"{text}: {reason}"
            result[partner_id] = text
        return result

    @api.model
    def _rcm_try_lock(self, partner, company):
        """The advisory lock of (company, customer) for the current transaction; False when another
        transaction holds it (it is contacting this customer right now)."""
        return self._rcm_try_locks(partner, company)[partner.id]

    @api.model
    def _rcm_try_locks(self, partners, company):
        """``{partner id: bool}``: ``_rcm_try_lock`` for many customers in one query (a run locks
        thousands; a query per customer was seconds of every run)."""
        if not partners:
            return {}
        rows = self.env.execute_query(
            SQL(
                """
                SELECT pid, pg_try_advisory_xact_lock(%s, pid)
                  FROM unnest(%s::int[]) AS pid ORDER BY pid
                """,
                LOCK_KEY + company.id,
                sorted(set(partners.ids)),
            )
        )
        return dict(rows)

    @api.model
    def _rcm_filter_contactable(self, partners, company, day):
        """``(allowed partners, {partner id: reason})``: the customers ``company`` may contact on
        ``day``, each locked for the rest of the transaction; the others with the reason (policy, or
        being contacted by another transaction). Call it right before sending and record the contacts
        in the same transaction (``_rcm_record``). A transaction that took its snapshot before another
        one committed a contact with the same customer does not see that contact: the unique index of
        the contacts makes it fail when it records its own, instead of contacting twice."""
        entities = self._rcm_get_entities(partners)
        reasons = {
            pid: reason
            for pid, reason in self._rcm_check_policy(partners, company, day, entities=entities).items()
            if reason
        }
        candidate_ids = list(dict.fromkeys(pid for pid in partners.ids if pid not in reasons))
        locked = self._rcm_try_locks(partners.browse({entities[pid][0] for pid in candidate_ids}), company)
        allowed_ids = []
        for pid in candidate_ids:
            if locked[entities[pid][0]]:
                allowed_ids.append(pid)
            else:
                reasons[pid] = self.env._("Being contacted by another process")
        return partners.browse(allowed_ids), reasons

    @api.model
    def _rcm_record(self, vals_list):
        """Record contacts (server side): ``partner_id`` is stored as the commercial entity; ``date``
        defaults to the engine's day (``rcm_today``) or today, ``user_id`` to the current user."""
        today = self.env.context.get("rcm_today") or fields.Date.context_today(self)
        prepared = []
        partners = self.env["res.partner"].browse({vals["partner_id"] for vals in vals_list})
        commercial = {partner.id: partner.commercial_partner_id.id for partner in partners}
        seen = set()
        for vals in vals_list:
            vals = dict(vals)
            vals["partner_id"] = commercial[vals["partner_id"]]
            vals.setdefault("date", today)
            vals.setdefault("user_id", self.env.uid)
            vals.setdefault("company_id", self.env.company.id)
            key = (vals["partner_id"], vals["company_id"], vals["date"])
            if vals["origin"] != "manual":
                if key in seen:  # one sending to two cases of one customer: one contact
                    continue
                seen.add(key)
            prepared.append(vals)
        # sudo: contacts are written by the engines only (no create right for any group)
        return self.sudo().create(prepared).sudo(False)
