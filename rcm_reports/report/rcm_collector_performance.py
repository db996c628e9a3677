# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Collector performance by month: what each collector did and collected, against the targets.

One row per month, company, collector and collection team (SQL view). Facts and who they count for:

* calls / contacts: call log entries by their collector (``user_id``) on the day of the call; contacts
  are the calls that reached someone (outcomes reached, promise, dispute, refused, says paid); the team
  is the case's;
* promises taken (count and amount): by who took them, on the day taken; kept / partially kept /
  broken: on the day the promise was closed;
* amount collected: invoice payments (credit notes excluded, as in the backbone) reconciled during the
  month with invoices of customers whose collection case was open at the payment date, credited to the
  case's collector and team (the collector the case has now: assignments are not historised);
* cases resolved: cases closed during the month, by their collector;
* SLA breaches: activities of collection cases whose deadline fell in the month and that were done
  late, or are still open past their deadline, by the activity's assignee;
* targets: the collector's monthly ``rcm.collection.target`` (on the row without team of the
  collector's month, so that a sum over the month never counts a target twice).
"""

from odoo import api, fields, models
from odoo.tools import SQL

REACHED_OUTCOMES = ("reached", "promise", "dispute", "refused", "paid")


class RcmCollectorPerformance(models.Model):
    _name = "rcm.collector.performance"
    _description = "Collector Performance"
    _auto = False
    _order = "month desc, user_id"
    _rec_name = "user_id"

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Collector", readonly=True)
    team_id = fields.Many2one("rcm.collection.team", string="Collection Team", readonly=True)
    calls = fields.Integer(string="Calls Logged", readonly=True)
    contacts = fields.Integer(string="Contacts Reached", readonly=True)
    promises_taken = fields.Integer(readonly=True)
    amount_promised = fields.Monetary(readonly=True)
    promises_kept = fields.Integer(readonly=True)
    promises_partial = fields.Integer(string="Promises Partially Kept", readonly=True)
    promises_broken = fields.Integer(readonly=True)
    amount_collected = fields.Monetary(readonly=True)
    cases_resolved = fields.Integer(readonly=True)
    sla_breaches = fields.Integer(string="SLA Breaches", readonly=True)
    target_amount = fields.Monetary(readonly=True)
    target_calls = fields.Integer(readonly=True)
    target_resolved = fields.Integer(string="Target Cases Resolved", readonly=True)

    @property
    def _table_query(self):
        return self._get_query()

    @api.model
    def _get_query(self, today=None):
        """SQL of the view (one row per month, company, collector and team).

        The context key ``rcm_performance_since`` (a date) restricts the facts to the months from that
        date on, so that readers of recent months (targets, dashboard) do not aggregate the whole
        history. Extension point: add facts by overriding and wrapping this query.
        """
        today = today or fields.Date.context_today(self)
        since = fields.Date.to_date(self.env.context.get("rcm_performance_since") or "1900-01-01")
        since = since.replace(day=1)
        return SQL(
            """
            WITH facts AS (
                SELECT l.company_id, l.user_id, c.team_id, date_trunc('month', l.date)::date AS month,
                       1 AS calls, (l.outcome IN %(reached)s)::int AS contacts,
                       0 AS promises_taken, 0.0 AS amount_promised, 0 AS promises_kept, 0 AS promises_partial,
                       0 AS promises_broken, 0.0 AS amount_collected, 0 AS cases_resolved, 0 AS sla_breaches,
                       0.0 AS target_amount, 0 AS target_calls, 0 AS target_resolved
                  FROM rcm_call_log l
                  LEFT JOIN rcm_collection_case c ON c.id = l.case_id
                 WHERE l.date >= %(since)s
                UNION ALL
                SELECT p.company_id, p.user_id, c.team_id, date_trunc('month', p.date_taken)::date,
                       0, 0, 1, p.amount_company, 0, 0, 0, 0, 0, 0, 0, 0, 0
                  FROM rcm_promise p
                  LEFT JOIN rcm_collection_case c ON c.id = p.case_id
                 WHERE p.user_id IS NOT NULL AND p.date_taken >= %(since)s
                UNION ALL
                SELECT p.company_id, p.user_id, c.team_id, date_trunc('month', p.date_closed)::date,
                       0, 0, 0, 0, (p.state = 'kept')::int, (p.state = 'partially_kept')::int,
                       (p.state = 'broken')::int, 0, 0, 0, 0, 0, 0
                  FROM rcm_promise p
                  LEFT JOIN rcm_collection_case c ON c.id = p.case_id
                 WHERE p.user_id IS NOT NULL AND p.date_closed IS NOT NULL
                   AND p.state IN ('kept', 'partially_kept', 'broken') AND p.date_closed >= %(since)s
                UNION ALL
                SELECT ip.company_id, cs.user_id, cs.team_id, date_trunc('month', ip.day)::date,
                       0, 0, 0, 0, 0, 0, 0, ip.amount, 0, 0, 0, 0, 0
                  FROM (%(payments)s) ip
                  JOIN LATERAL (
                        SELECT c.user_id, c.team_id FROM rcm_collection_case c
                         WHERE c.partner_id = ip.partner_id AND c.company_id = ip.company_id
                           AND c.date_open <= ip.day
                           AND (c.date_closed IS NULL OR c.date_closed >= ip.day)
                         ORDER BY c.id DESC LIMIT 1
                  ) cs ON TRUE
                 WHERE cs.user_id IS NOT NULL AND ip.day >= %(since)s
                UNION ALL
                SELECT c.company_id, c.user_id, c.team_id, date_trunc('month', c.date_closed)::date,
                       0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0
                  FROM rcm_collection_case c
                 WHERE c.state = 'resolved' AND c.date_closed >= %(since)s AND c.user_id IS NOT NULL
                UNION ALL
                SELECT c.company_id, a.user_id, c.team_id, date_trunc('month', a.date_deadline)::date,
                       0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0
                  FROM mail_activity a
                  JOIN rcm_collection_case c ON c.id = a.res_id
                 WHERE a.res_model = 'rcm.collection.case' AND a.user_id IS NOT NULL
                   AND a.date_deadline >= %(since)s
                   AND ((a.active AND a.date_deadline < %(today)s)
                        OR (NOT a.active AND a.date_done > a.date_deadline))
                UNION ALL
                SELECT t.company_id, t.user_id, NULL, t.date_from,
                       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, t.target_amount, t.target_calls, t.target_resolved
                  FROM rcm_collection_target t
                 WHERE t.user_id IS NOT NULL AND t.date_from >= %(since)s
            )
            SELECT ROW_NUMBER() OVER (ORDER BY f.month, f.company_id, f.user_id, f.team_id) AS id,
                   f.month, f.company_id, co.currency_id, f.user_id, f.team_id,
                   SUM(f.calls) AS calls, SUM(f.contacts) AS contacts,
                   SUM(f.promises_taken) AS promises_taken, SUM(f.amount_promised) AS amount_promised,
                   SUM(f.promises_kept) AS promises_kept, SUM(f.promises_partial) AS promises_partial,
                   SUM(f.promises_broken) AS promises_broken, SUM(f.amount_collected) AS amount_collected,
                   SUM(f.cases_resolved) AS cases_resolved, SUM(f.sla_breaches) AS sla_breaches,
                   SUM(f.target_amount) AS target_amount, SUM(f.target_calls) AS target_calls,
                   SUM(f.target_resolved) AS target_resolved
              FROM facts f
              JOIN res_company co ON co.id = f.company_id
             WHERE f.user_id IS NOT NULL
             GROUP BY f.month, f.company_id, co.currency_id, f.user_id, f.team_id
            """,
            reached=REACHED_OUTCOMES,
            today=today,
            since=since,
            payments=self.env["rcm.partner.receivable"]._get_invoice_payments_query(),
        )
