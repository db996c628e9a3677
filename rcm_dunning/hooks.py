# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.rcm_collections.hooks import release_addon

# exclusions set by this addon's models (dunning blocks): ``source_ref`` is "<model>,<id>"
SOURCE_PATTERNS = ("rcm.dunning.%,%",)


def uninstall_hook(env):
    """Remove the collection exclusions set by the dunning (blocks: without the addon nothing would lift
    them), the xml ids of its policies and levels, and those of its fee products used on invoices (the
    products stay); the accounting (charge invoices, payments) is left as it is."""
    release_addon(env, "rcm_dunning", SOURCE_PATTERNS)
