# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RcmCollectionTeam(models.Model):
    _name = "rcm.collection.team"
    _description = "Collection Team"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one(
        "res.users", string="Team Leader", tracking=True, domain=[("share", "=", False)]
    )
    member_ids = fields.Many2many(
        "res.users",
        "rcm_collection_team_member_rel",
        "team_id",
        "user_id",
        string="Collectors",
        domain=[("share", "=", False)],
    )
    assignment_method = fields.Selection(
        [("round_robin", "Round Robin"), ("balanced", "Balanced by Load")],
        default="balanced",
        required=True,
        help="Balanced gives a new case to the collector with the fewest open cases.",
    )
    last_assigned_user_id = fields.Many2one("res.users", readonly=True, copy=False)
    case_count = fields.Integer(compute="_compute_case_count")

    def _compute_case_count(self):
        counts = dict(
            self.env["rcm.collection.case"]._read_group(
                [("team_id", "in", self.ids), ("state", "!=", "resolved")], ["team_id"], ["__count"]
            )
        )
        for team in self:
            team.case_count = counts.get(team, 0)

    def _pick_collectors(self, count):
        """Collectors for ``count`` new cases of this team, in order, by the team's method."""
        self.ensure_one()
        members = self.member_ids.sorted("id")
        if not members:
            return [self.leader_id] * count
        if self.assignment_method == "round_robin":
            start = 0
            if self.last_assigned_user_id in members:
                start = list(members).index(self.last_assigned_user_id) + 1
            picked = [members[(start + i) % len(members)] for i in range(count)]
        else:
            load = dict.fromkeys(members, 0)
            for user, n in self.env["rcm.collection.case"]._read_group(
                [("user_id", "in", members.ids), ("state", "!=", "resolved")], ["user_id"], ["__count"]
            ):
                load[user] = n
            picked = []
            for _i in range(count):
                user = min(members, key=lambda u: (load[u], u.id))
                load[user] += 1
                picked.append(user)
        if picked:
            self.last_assigned_user_id = picked[-1]
        return picked

    @api.model
    def _get_user_team_ids(self, user=None):
        """Teams the user leads or belongs to (used by the collectors' record rule)."""
        user = user or self.env.user
        return self.sudo().search(["|", ("member_ids", "in", user.id), ("leader_id", "=", user.id)]).ids
