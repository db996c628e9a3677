# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "RCM Collections",
    "summary": "Collections desk: cases, strategies, work queues, promises to pay, "
    "call log, risk and credit hold",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "RCM contributors",
    "website": "https://github.com/rcm-odoo/rcm",
    "license": "LGPL-3",
    "depends": ["account", "mail", "portal"],
    "data": [
        "security/rcm_collections_security.xml",
        "views/rcm_collections_menus.xml",
    ],
    "application": True,
    "installable": True,
}
