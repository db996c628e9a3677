# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# exclusions set by this addon's models (dunning blocks): ``source_ref`` is "<model>,<id>"
SOURCE_PATTERN = "rcm.dunning.%,%"


def uninstall_hook(env):
    """Remove the collection exclusions set by the dunning (blocks): without the addon nothing would
    lift them and the blocked invoices would stay out of collections for good. The accounting (charge
    invoices, payments) is left as it is."""
    env.flush_all()
    ids = [
        row[0]
        for row in env.execute_query(
            SQL("SELECT id FROM rcm_collection_exclusion WHERE source_ref LIKE %s", SOURCE_PATTERN)
        )
    ]
    if not ids:
        return
    exclusions = env["rcm.collection.exclusion"].sudo().with_context(active_test=False).browse(ids)
    partners = exclusions.move_id.commercial_partner_id
    _logger.info("rcm_dunning uninstalled: removing %d collection exclusions of dunning blocks", len(ids))
    exclusions.unlink()
    if partners:
        env["rcm.partner.receivable"]._refresh_partners(partners)
