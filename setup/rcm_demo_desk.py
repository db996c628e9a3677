# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bring the collections desk of a generated ledger to life (used by the demo command).

After ``rcm_demo_data.generate`` has written the ledger, ``generate_desk(env)`` creates the
collections team (a manager and three collectors, who log in with their login as password),
assignment rules, runs the backbone and the strategies, and leaves cases in every state: calls
logged, promises open, kept and broken, cases escalated, on hold, disputed and resolved, and
customers on credit hold. Deterministic with ``seed``.
"""

import random
from datetime import timedelta

COLLECTORS = [
    ("rcm.collector1", "Alice Martin"),
    ("rcm.collector2", "Bruno Costa"),
    ("rcm.collector3", "Chen Wei"),
]
MANAGER = ("rcm.manager", "Diane Okafor")


def _user(env, login, name, group_xmlid):
    user = env["res.users"].with_context(active_test=False).search([("login", "=", login)], limit=1)
    if not user:
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": login,
                    "name": name,
                    "password": login,
                    "email": f"{login}@example.com",
                    "group_ids": [
                        (4, env.ref(group_xmlid).id),
                        (4, env.ref("account.group_account_invoice").id),
                    ],
                }
            )
        )
    return user


def _prepare_teams(env):
    """A manager, three collectors, two teams and the assignment rules that feed them."""
    manager = _user(env, *MANAGER, "rcm_collections.group_rcm_manager")
    collectors = env["res.users"].browse(
        [_user(env, login, name, "rcm_collections.group_rcm_collector").id for login, name in COLLECTORS]
    )
    team_model = env["rcm.collection.team"]
    key = team_model.search([("name", "=", "Key Accounts")], limit=1) or team_model.create(
        {
            "name": "Key Accounts",
            "leader_id": manager.id,
            "member_ids": [(6, 0, collectors[:1].ids)],
            "assignment_method": "balanced",
        }
    )
    general = team_model.search([("name", "=", "General Collections")], limit=1) or team_model.create(
        {
            "name": "General Collections",
            "leader_id": manager.id,
            "member_ids": [(6, 0, collectors[1:].ids)],
            "assignment_method": "round_robin",
        }
    )
    rules = env["rcm.collection.assignment.rule"]
    # the shipped catch-all rule (sequence 1000) stays behind the demo's own rules
    if not rules.search_count([("team_id", "in", (key | general).ids)]):
        rules.create(
            [
                {"name": "Large overdue", "sequence": 1, "team_id": key.id, "min_overdue": 20000},
                {"name": "Everyone else", "sequence": 10, "team_id": general.id, "partner_domain": "[]"},
            ]
        )
    return manager, collectors


#: days of collections history replayed before today (the strategies' cadence, dunning included)
REPLAY_DAYS = 45


def _deliver_mail_queue(env):
    """Deliver the queued emails to a sink: the demo has no mail server, and its history must look
    delivered (communications sent, their levels applied and charges posted), as Odoo's tests do."""
    from unittest.mock import patch

    mail_server = type(env["ir.mail_server"])

    class _Session:
        def quit(self):
            return None

    mails = env["mail.mail"].sudo().search([("state", "=", "outgoing")])
    with (
        patch.object(mail_server, "_connect__", lambda self, *args, **kwargs: _Session()),
        patch.object(mail_server, "send_email", lambda self, message, *args, **kwargs: message["Message-Id"]),
    ):
        mails.send(auto_commit=False)
    if "rcm.dunning.communication" in env:
        env["rcm.dunning.communication"].search([("state", "=", "queued")])._sync_delivery()
    return len(mails)


def _work_strategy_activities(env, rng):
    """The collectors of the replayed days do most of the calls their strategies ask for (logging a
    call completes the strategy's activity); about one in ten is forgotten and becomes a missed SLA."""
    cases = env["rcm.collection.case"].search([("state", "not in", ("resolved", "on_hold"))])
    done = 0
    for case in cases:
        steps = set(case.strategy_id.step_ids.filtered(lambda s: s.action == "call").mapped("name"))
        if not any(a.summary in steps for a in case.activity_ids) or rng.random() < 0.1:
            continue
        contact = case.partner_id.child_ids[:1] or case.partner_id
        env["rcm.call.log"].with_user(case._get_responsible_user()).create(
            {
                "case_id": case.id,
                "contact_id": contact.id,
                "outcome": rng.choice(["reached", "no_answer", "voicemail"]),
                "notes": rng.choice(["Reminded them of the open invoices.", "Left a message.", "Line busy."]),
            }
        )
        done += 1
    return done


def _replay_cadence(env, today, days):
    """Replay the desk's last ``days`` days day by day (backbone as of the day, then the strategy
    engine), so that the demo shows the one cadence at work: emails, calls, dunning letters and
    charges of the strategies' dunning levels, grouped in the Dunning menu's daily runs."""
    receivable = env["rcm.partner.receivable"]
    case_model = env["rcm.collection.case"]
    mails = 0
    rng = random.Random(days)
    calls = 0
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        receivable._refresh(today=day)
        case_model._advance_cases(today=day)
        mails += _deliver_mail_queue(env)
        calls += _work_strategy_activities(env, rng)
    summary = {"replayed_days": days, "replayed_mails": mails, "replayed_calls": calls}
    if "rcm.dunning.run" in env:
        summary["dunning_runs"] = env["rcm.dunning.run"].search_count([])
        summary["dunning_communications"] = env["rcm.dunning.communication"].search_count([])
        summary["dunning_letters"] = env["rcm.dunning.communication"].search_count(
            [("channel_letter", "=", True)]
        )
        summary["dunning_fees"] = env["rcm.dunning.fee"].search_count([])
    return summary


def generate_desk(env, seed=42, today=None):
    """Create the desk's people and history on top of the ledger; returns a summary dict."""
    from odoo import fields

    rng = random.Random(seed)
    today = today or fields.Date.context_today(env.user)
    _manager, collectors = _prepare_teams(env)
    receivable = env["rcm.partner.receivable"]
    case_model = env["rcm.collection.case"]
    replayed = _replay_cadence(env, today, REPLAY_DAYS)
    receivable._refresh(today=today)
    cases = case_model.search([("state", "!=", "resolved")], order="priority_score desc")
    unassigned = cases.filtered(lambda c: not c.user_id)
    if unassigned:
        unassigned._assign_team_and_collector()
    case_model._advance_cases(today=today)
    _deliver_mail_queue(env)

    outcomes = ["reached", "no_answer", "voicemail", "rescheduled", "refused", "wrong_number"]
    summary = {"calls": 0, "promises": 0, "kept": 0, "broken": 0, "on_hold": 0, "escalated": 0}
    calls = env["rcm.call.log"]
    for case in cases:
        draw = rng.random()
        if draw > 0.6:
            continue
        contact = case.partner_id.child_ids[:1] or case.partner_id
        user = case.user_id or collectors[0]
        if draw < 0.25 and case.collectible_overdue > 0:
            amount = round(case.collectible_overdue * rng.choice([0.5, 1.0, 1.0]), 2)
            call = calls.with_user(user).create(
                {
                    "case_id": case.id,
                    "contact_id": contact.id,
                    "outcome": "promise",
                    "promise_amount": amount,
                    "promise_date": today + timedelta(days=rng.randint(2, 20)),
                    "notes": "Customer agreed to pay.",
                }
            )
            summary["promises"] += 1
            promise = call.promise_id
            fate = rng.random()
            if fate < 0.3:
                env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=promise.invoice_ids.ids
                ).create({"payment_date": today, "group_payment": True})._create_payments()
                summary["kept"] += 1
            elif fate < 0.55:
                # taken three weeks ago for a date now past (grace included), nothing paid: broken today
                promise._rcm_workflow_write({"date_taken": today - timedelta(days=21)})
                promise.promised_date = today - timedelta(days=promise.grace_days + rng.randint(2, 10))
                promise._evaluate(today=today)
                summary["broken"] += 1
        else:
            calls.with_user(user).create(
                {
                    "case_id": case.id,
                    "contact_id": contact.id,
                    "outcome": rng.choice(outcomes),
                    "notes": rng.choice(
                        [
                            "Left a message with accounts payable.",
                            "Asked for a copy of the invoice.",
                            "Will check with their finance team.",
                            "Line busy.",
                        ]
                    ),
                    "next_followup_date": today + timedelta(days=rng.randint(1, 7)),
                }
            )
        summary["calls"] += 1
    open_cases = case_model.search([("state", "in", ("new", "in_progress"))])
    for case in open_cases.filtered(lambda c: rng.random() < 0.04):
        case.hold_reason = "Customer restructuring, agreed pause"
        case.action_put_on_hold()
        summary["on_hold"] += 1
    for case in open_cases.filtered(lambda c: c.state != "on_hold" and rng.random() < 0.04):
        case.action_escalate()
        summary["escalated"] += 1
    case_model._flag_deviations(today=today)
    bankrupt = env["res.partner"].search([("category_id.name", "=", "Behaviour: bankrupt")])
    if bankrupt:
        bankrupt._rcm_set_credit_hold("Insolvency proceedings")
    summary["credit_holds"] = len(bankrupt)
    if "rcm.dispute" in env:
        # rcm_disputes installed: open, resolved and rejected disputes and deductions
        env["rcm.dispute"]._demo_generate(seed=seed)
        summary["disputes"] = env["rcm.dispute"].search_count([])
    summary["states"] = dict(case_model._read_group([], ["state"], ["__count"]))
    summary.update(replayed)
    return summary
