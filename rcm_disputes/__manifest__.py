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
        "security/rcm_disputes_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/rcm_dispute_stage_data.xml",
        "data/rcm_dispute_reason_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "wizards/rcm_dispute_decision_wizard_views.xml",
        "views/rcm_dispute_views.xml",
        "views/rcm_dispute_reason_views.xml",
        "views/rcm_dispute_stage_views.xml",
        "views/account_move_views.xml",
        "views/rcm_collection_case_views.xml",
        "views/rcm_partner_receivable_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/rcm_disputes_portal_templates.xml",
        "views/rcm_disputes_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "rcm_disputes/static/src/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
