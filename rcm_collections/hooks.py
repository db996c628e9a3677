# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the uninstall hooks of RCM's addons share."""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def release_addon(env, module, source_patterns=()):
    """Leave the database clean and the ledger intact when the RCM addon ``module`` is uninstalled.

    1. Exclusions set by the addon's records (``source_ref LIKE`` one of ``source_patterns``) are deleted
       and their customers refreshed: nothing would release them any more.
    2. The addon's data records of its own models (stages, reasons, levels ...) lose their xml ids: their
       tables are dropped with the addon anyway, and deleting them first, row by row, fails on the
       ``restrict`` keys of the addon's documents (Odoo logs every failed DELETE as an ERROR).
    3. Its data records of other models still used by journal items (e.g. fee products on posted
       invoices) lose their xml ids too: they stay, as the accounting needs them.
    """
    env.flush_all()
    if source_patterns:
        ids = [
            row[0]
            for row in env.execute_query(
                SQL(
                    "SELECT id FROM rcm_collection_exclusion WHERE source_ref LIKE ANY(%s)",
                    list(source_patterns),
                )
            )
        ]
        if ids:
            exclusions = env["rcm.collection.exclusion"].sudo().with_context(active_test=False).browse(ids)
            partners = exclusions.move_id.commercial_partner_id
            _logger.info("%s uninstalled: removing %d collection exclusions it set", module, len(ids))
            exclusions.unlink()
            if partners:
                env["rcm.partner.receivable"]._refresh_partners(partners)
    own_models = [
        name
        for name, model in env.registry.items()
        if not model._abstract and getattr(model, "_original_module", None) == module
    ]
    env.execute_query(
        SQL("DELETE FROM ir_model_data WHERE module = %s AND model = ANY(%s)", module, own_models)
    )
    used_products = env.execute_query(
        SQL(
            """
            SELECT d.id FROM ir_model_data d
             WHERE d.module = %(module)s AND (
                   (d.model = 'product.product' AND EXISTS (
                        SELECT 1 FROM account_move_line l WHERE l.product_id = d.res_id))
                OR (d.model = 'product.template' AND EXISTS (
                        SELECT 1 FROM account_move_line l JOIN product_product p ON p.id = l.product_id
                         WHERE p.product_tmpl_id = d.res_id)))
            """,
            module=module,
        )
    )
    if used_products:
        env.execute_query(
            SQL("DELETE FROM ir_model_data WHERE id = ANY(%s)", [row[0] for row in used_products])
        )
    env.registry.clear_cache()
