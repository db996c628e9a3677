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
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_template_data.xml",
        "data/rcm_collection_strategy_data.xml",
        "data/rcm_collection_team_data.xml",
        "data/ir_cron_data.xml",
        "wizards/rcm_credit_hold_wizard_views.xml",
        "wizards/rcm_acknowledge_wizard_views.xml",
        "views/rcm_collection_case_views.xml",
        "views/rcm_partner_receivable_views.xml",
        "views/rcm_collection_strategy_views.xml",
        "views/rcm_collection_team_views.xml",
        "views/rcm_promise_views.xml",
        "views/rcm_call_log_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "views/rcm_ledger_change_views.xml",
        "views/rcm_collections_menus.xml",
        "views/rcm_contact_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "rcm_collections/static/src/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
