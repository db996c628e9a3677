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
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/rcm_reports_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "report/rcm_aging_report_views.xml",
        "report/rcm_aging_report_templates.xml",
        "report/rcm_collector_performance_views.xml",
        "report/rcm_cash_forecast_views.xml",
        "wizards/rcm_aging_wizard_views.xml",
        "wizards/rcm_kpi_wizard_views.xml",
        "wizards/rcm_cash_forecast_wizard_views.xml",
        "views/rcm_collection_target_views.xml",
        "views/rcm_forecast_backtest_views.xml",
        "views/rcm_alert_views.xml",
        "views/rcm_dashboard_views.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "views/rcm_reports_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "rcm_reports/static/src/dashboard/*",
        ],
        "web.assets_tests": [
            "rcm_reports/static/src/tours/*.js",
        ],
    },
    "installable": True,
}
