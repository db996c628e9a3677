# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "RCM Disputes",
    "summary": "Disputes and deductions resolved inside Odoo, out of the collectors' way",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "RCM contributors",
    "website": "https://github.com/rcm-odoo/rcm",
    "license": "LGPL-3",
    "depends": ["rcm_collections"],
    "data": [
        "views/rcm_disputes_menus.xml",
    ],
    "installable": True,
}
