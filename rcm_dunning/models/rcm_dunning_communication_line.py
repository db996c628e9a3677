# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The items a dunning communication lists, and how the run stores them.

A run claims, for each customer, a list of items with their amounts as of the run (overdue invoices,
and the credits that offset them). That list is fixed when the communication is built and never
computed again from the ledger: paying or changing an invoice afterwards leaves what the
communication claimed as it was.

Storage: the run writes the list with the communication itself, as one compact JSON value
(``rcm.dunning.communication.item_snapshot``: the columns of the future ``rcm.dunning.communication.line``
rows named once, then each line as a list of values), in the same ``INSERT`` as the communication. The
line rows are *materialized* from that snapshot, set-based (one ``INSERT ... SELECT`` over its values),
the first time anything reads lines: any search or read of this model (the communication form, its
``line_ids``, the sending's charges and levels, the portal, the settling of payments, reports) first
materializes every pending snapshot (``_rcm_materialize``), which is then cleared. A snapshot is taken
(its row locked and cleared) by one transaction only, so its lines are inserted once.

Why: on the 200k-invoice ledger a run lists ~42,000 items for ~11,600 customers; inserting them as
rows at run time (a heap row, three index entries and six foreign-key checks each, the checks locking
the invoices' rows) was most of the run's time, and most of its cold time (see the README's
benchmarks). The run now writes one JSON value per communication; a run that sends what it builds
materializes its batch's lines when sending it (a few hundred rows per batch), and communications only
previewed or left in draft cost no line at all until someone opens them.
"""

from odoo import api, fields, models
from odoo.tools import SQL

# line columns a snapshot entry may give (see ``_rcm_snapshot_columns``)
SNAPSHOT_EXCLUDED = ("id", "communication_id", "company_id")


class RcmDunningCommunicationLine(models.Model):
    """An item listed by a dunning communication: an overdue invoice, or a credit that offsets them."""

    _name = "rcm.dunning.communication.line"
    _description = "Dunning Communication Item"
    _order = "communication_id, line_type desc, date_due, id"
    # a snapshot written once with its communication (which has the log fields): a run writes tens of
    # thousands of them, without four columns and two foreign keys per row
    _log_access = False

    communication_id = fields.Many2one(
        "rcm.dunning.communication", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="communication_id.company_id", store=True)
    company_currency_id = fields.Many2one(related="communication_id.currency_id", string="Company Currency")
    line_type = fields.Selection(
        [("overdue", "Overdue Item"), ("credit", "Credit")], required=True, default="overdue"
    )
    move_id = fields.Many2one(
        "account.move", string="Document", required=True, index=True, ondelete="cascade"
    )
    move_name = fields.Char(compute="_compute_move_values", string="Number")
    invoice_date = fields.Date(compute="_compute_move_values")
    currency_id = fields.Many2one("res.currency", string="Invoice Currency")
    amount_overdue = fields.Monetary(
        string="Overdue", currency_field="company_currency_id", help="Overdue residual, company currency."
    )
    amount_overdue_currency = fields.Monetary(
        string="Overdue in Currency", currency_field="currency_id", help="Overdue residual, invoice currency."
    )
    amount_excluded = fields.Monetary(
        string="Excluded", currency_field="company_currency_id", help="Promised, disputed or blocked part."
    )
    amount_collectible = fields.Monetary(
        string="Collectible",
        currency_field="company_currency_id",
        help="Overdue minus excluded (credits: negative).",
    )
    date_due = fields.Date(string="Due Date")
    days_overdue = fields.Integer()
    disputed = fields.Boolean(help="Partly under dispute: no charge on this item.")
    previous_level_id = fields.Many2one("rcm.dunning.level")
    level_id = fields.Many2one("rcm.dunning.level")
    escalated = fields.Boolean(help="The item reached a new level with this communication.")

    # The invoice's number and date, read when shown: as related fields they made every post of any
    # entry (its name, state, date change) walk these lines' dependencies inside the accountant's
    # transaction
    @api.depends("move_id")
    def _compute_move_values(self):
        for line in self:
            line.move_name = line.move_id.name
            line.invoice_date = line.move_id.invoice_date

    # ------------------------------------------------------------------
    # Snapshots (see the module docstring)
    # ------------------------------------------------------------------
    @api.model
    def _rcm_snapshot_columns(self):
        """``{column: SQL type}`` of the line columns a snapshot entry gives: the plain stored
        columns but the id and the communication's (communication, company)."""
        return {
            name: field.column_type[1]
            for name, field in self._fields.items()
            if field.store and field.column_type and name not in SNAPSHOT_EXCLUDED
        }

    @api.model
    def _rcm_prepare_snapshots(self, line_values_list):
        """The snapshots (JSON-ready, ``None`` for no line) of communications whose lines are given as
        lists of ``create`` values of this model (plain column values); fields not given get their
        default (read once for the whole list).

        A snapshot is compact: ``{"c": [column, ...], "r": [[value, ...], ...]}``, the columns named
        once and each line a list of values in that order (``None``: NULL). Named per snapshot, the
        columns stay readable when a later version or an extension adds some."""
        columns = self._rcm_snapshot_columns()
        given = {name for line_values in line_values_list for vals in line_values for name in vals}
        # empty values are NULL columns: so are the empty defaults
        defaults = {
            name: round(value, 6) if isinstance(value, float) else value
            for name, value in self.default_get([name for name in columns if name not in given]).items()
            if value is not False and value is not None
        }
        names = [name for name in columns if name in given or name in defaults]
        pairs = [(name, defaults.get(name)) for name in names]
        snapshots = []
        for line_values in line_values_list:
            if not line_values:
                snapshots.append(None)
                continue
            # False is NULL, floats rounded against noise; inline: tens of thousands of items a run
            rows = [
                [
                    None
                    if (value := vals.get(name, default)) is False
                    else round(value, 6)
                    if value.__class__ is float
                    else value
                    for name, default in pairs
                ]
                for vals in line_values
            ]
            snapshots.append({"c": names, "r": rows})
        return snapshots

    @api.model
    def _rcm_materialize(self):
        """Insert the lines of every communication whose items are still a snapshot, set-based, and
        clear those snapshots. Returns the number of lines inserted (0 when nothing was pending, at
        the cost of one index lookup).

        The ``UPDATE`` takes the communications' rows: a concurrent transaction materializing the same
        ones waits, then finds them taken (no line is inserted twice). Snapshots written by earlier
        versions (a JSON array of one object per line) are read too."""
        comm_model = self.env["rcm.dunning.communication"]
        comm_model.flush_model(["item_snapshot"])
        # through the partial index of pending snapshots
        if not self.env.execute_query(
            SQL("SELECT 1 FROM rcm_dunning_communication WHERE item_snapshot IS NOT NULL LIMIT 1")
        ):
            return 0
        comm_model.flush_model(["company_id"])
        columns = self._rcm_snapshot_columns()
        names = list(columns)
        rows = self.env.execute_query(
            SQL(
                """
                WITH taken AS (
                    -- RETURNING gives the new row: the snapshot comes from the FROM list
                    UPDATE rcm_dunning_communication c SET item_snapshot = NULL
                      FROM (SELECT id, item_snapshot FROM rcm_dunning_communication
                             WHERE item_snapshot IS NOT NULL) p
                     WHERE c.id = p.id AND c.item_snapshot IS NOT NULL
                 RETURNING c.id, c.company_id, p.item_snapshot AS snapshot,
                           ARRAY(SELECT jsonb_array_elements_text(
                               CASE jsonb_typeof(p.item_snapshot) WHEN 'object' THEN p.item_snapshot -> 'c'
                                    ELSE '[]' END)) AS cols
                )
                INSERT INTO rcm_dunning_communication_line (communication_id, company_id, %(names)s)
                SELECT id, company_id, %(names)s FROM (
                    -- compact snapshots: a value's position in its line is its column's in "c"
                    SELECT t.id, t.company_id, x.ord, %(compact)s
                      FROM taken t
                     CROSS JOIN LATERAL jsonb_array_elements(t.snapshot -> 'r') WITH ORDINALITY AS x(val, ord)
                     WHERE jsonb_typeof(t.snapshot) = 'object'
                    UNION ALL
                    -- earlier versions' snapshots: one object per line
                    SELECT t.id, t.company_id, x.ord, %(legacy)s
                      FROM taken t
                     CROSS JOIN LATERAL ROWS FROM (jsonb_to_recordset(t.snapshot) AS (%(types)s))
                           WITH ORDINALITY AS x(%(names)s, ord)
                     WHERE jsonb_typeof(t.snapshot) = 'array'
                ) line
                 ORDER BY id, ord
                RETURNING communication_id
                """,
                names=SQL(", ").join(SQL.identifier(name) for name in names),
                compact=SQL(", ").join(
                    SQL(
                        "(x.val ->> (array_position(t.cols, %s) - 1))::%s AS %s",
                        name,
                        SQL(columns[name]),
                        SQL.identifier(name),
                    )
                    for name in names
                ),
                legacy=SQL(", ").join(SQL.identifier("x", name) for name in names),
                types=SQL(", ").join(
                    SQL("%s %s", SQL.identifier(name), SQL(columns[name])) for name in names
                ),
            )
        )
        comm_model.invalidate_model(["item_snapshot", "line_ids"])
        return len(rows)

    def _search(self, domain, *args, **kwargs):
        """Lines are read through a search (``line_ids`` too): pending snapshots become lines first."""
        self._rcm_materialize()
        return super()._search(domain, *args, **kwargs)
