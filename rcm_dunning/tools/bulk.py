# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bulk insertion of plain records, for the dunning run's thousands of communications and items.

``BaseModel.create`` costs about a millisecond per record here (defaults, per-value conversions —
a throw-away ``new`` record for every monetary value —, cache, mail.thread bookkeeping); a dunning run
creates a communication per customer and a line per listed item, tens of thousands of rows on a big
ledger. ``insert_records`` writes such rows with one ``INSERT`` per batch instead, and leaves the ORM
consistent: defaults of the fields not given, stored computed fields not given marked to compute,
dependent fields of other models notified (``modified``), constraints checked, the inverse one2many
fields invalidated.

It only serves values that are plain column values (numbers, strings, dates, booleans, many2one ids,
JSON values of ``fields.Json``) of non-translated, non-company-dependent stored fields; ``can_insert``
tells, and callers fall back to ``create`` otherwise (e.g. when an extension adds relational commands
to the values).
"""

import json

from odoo.tools import SQL

PLAIN_TYPES = {
    "boolean",
    "char",
    "date",
    "datetime",
    "float",
    "integer",
    "json",
    "many2one",
    "monetary",
    "selection",
    "text",
}
LOG_FIELDS = ("create_uid", "create_date", "write_uid", "write_date")
BATCH = 20000


def _plain(field):
    return (
        field.store
        and field.column_type
        and field.type in PLAIN_TYPES
        and not getattr(field, "translate", False)
        and not field.company_dependent
    )


def can_insert(model, vals_list):
    """Whether every value of ``vals_list`` is a plain column value of ``model`` (see module doc)."""
    fields = model._fields
    names = {name for vals in vals_list for name in vals}
    return all(name in fields and _plain(fields[name]) for name in names)


def insert_records(model, vals_list, protect=()):
    """Insert ``vals_list`` (plain values, see ``can_insert``) into ``model``'s table; return the records.

    Amounts are written as given, rounded to 6 decimals against float noise (the caller gives amounts
    already rounded to their currency, e.g. straight from SQL). Fields not given get their default
    (``default_get``, the same for every row); stored computed fields not given are computed by the ORM
    at the next flush, those given are kept. Stored fields of other records depending on the new rows
    are marked to recompute, except the ``protect`` ones (pairs of field names and records whose
    values the caller wrote already, as ``Environment.protecting``).
    """
    if not vals_list:
        return model.browse()
    env = model.env
    fields = model._fields
    given = {name for vals in vals_list for name in vals}
    missing = [
        name
        for name, field in fields.items()
        if _plain(field)
        and not field.compute
        and not field.related
        and name not in given
        and name not in LOG_FIELDS
        and name != "id"
    ]
    defaults = model.default_get(missing)
    names = sorted(given | set(defaults))
    booleans = {name for name in names if fields[name].type == "boolean"}
    jsons = {name for name in names if fields[name].type == "json"}
    # one array per column, unnested: far cheaper for PostgreSQL to parse than rows of literals
    log = model._log_access
    head = SQL(
        "INSERT INTO %s (%s) SELECT *%s FROM unnest(",
        SQL.identifier(model._table),
        SQL(", ").join(SQL.identifier(name) for name in (*names, *(LOG_FIELDS if log else ()))),
        SQL(", %s, now() AT TIME ZONE 'UTC', %s, now() AT TIME ZONE 'UTC'", env.uid, env.uid)
        if log
        else SQL(),
    )
    casts = ["%s::" + fields[name].column_type[1] + "[]" for name in names]
    ids = []
    for start in range(0, len(vals_list), BATCH):
        columns = []
        for name in names:
            column = []
            default = defaults.get(name)
            for vals in vals_list[start : start + BATCH]:
                value = vals[name] if name in vals else default
                if value is False and name not in booleans:
                    value = None
                elif name in jsons:
                    value = None if value is None else json.dumps(value)
                elif isinstance(value, float):
                    value = round(value, 6)
                column.append(value)
            columns.append(column)
        query = SQL(
            "%s%s) RETURNING id",
            head,
            SQL(", ").join(SQL(cast, column) for cast, column in zip(casts, columns, strict=True)),
        )
        ids.extend(row[0] for row in env.execute_query(query))
    records = model.browse(ids)
    # one2many fields pointing at the new rows (e.g. a run's communications) must be read again
    for name in names:
        for inverse in model.pool.field_inverses[fields[name]]:
            env[inverse.model_name].invalidate_model([inverse.name])
    for name, field in fields.items():
        if field.store and field.compute and name not in given:
            env.add_to_compute(field, records)
    protected = [([fields[name] for name in given], records)]
    protected += [([record._fields[name] for name in fnames], record) for fnames, record in protect]
    with env.protecting(protected):
        records.modified(names, create=True)
    records._validate_fields(names)
    return records
