# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.rcm_collections.hooks import release_addon

# exclusions set by this addon's models: ``source_ref`` is "<model>,<id>" with the model a disputed
# invoice line (rcm.dispute._rcm_sync_exclusions) or, for extensions, the dispute itself
SOURCE_PATTERNS = ("rcm.dispute.line,%", "rcm.dispute,%")


def uninstall_hook(env):
    """Remove the collection exclusions set by disputes and deductions (without the addon nothing would
    release them) and the xml ids of its stages and reasons; the accounting (credit notes, write-offs,
    re-billed invoices) is left as it is."""
    release_addon(env, "rcm_disputes", SOURCE_PATTERNS)
