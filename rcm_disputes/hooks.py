# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# exclusions set by this addon's models: ``source_ref`` is "<model>,<id>" with the model a disputed
# invoice line (rcm.dispute._rcm_sync_exclusions) or, for extensions, the dispute itself
SOURCE_PATTERNS = ("rcm.dispute.line,%", "rcm.dispute,%")


def uninstall_hook(env):
    """Remove the collection exclusions set by disputes and deductions: without the addon nothing would
    release them and the disputed invoices would stay out of collections for good. The accounting (credit
    notes, write-offs, re-billed invoices) is left as it is."""
    env.flush_all()
    ids = [
        row[0]
        for row in env.execute_query(
            SQL(
                "SELECT id FROM rcm_collection_exclusion WHERE source_ref LIKE ANY(%s)",
                list(SOURCE_PATTERNS),
            )
        )
    ]
    if not ids:
        return
    exclusions = env["rcm.collection.exclusion"].sudo().with_context(active_test=False).browse(ids)
    partners = exclusions.move_id.commercial_partner_id
    _logger.info("rcm_disputes uninstalled: removing %d collection exclusions of disputes", len(ids))
    exclusions.unlink()
    if partners:
        env["rcm.partner.receivable"]._refresh_partners(partners)
