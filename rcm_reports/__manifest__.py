# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "RCM Reports",
    "summary": "Aging, DSO/CEI, collector performance, dashboards and cash forecast",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "RCM contributors",
    "website": "https://github.com/rcm-odoo/rcm",
    "license": "LGPL-3",
    "depends": ["rcm_collections", "rcm_disputes", "rcm_dunning"],
    "data": [
        "views/rcm_reports_menus.xml",
    ],
    "installable": True,
}
