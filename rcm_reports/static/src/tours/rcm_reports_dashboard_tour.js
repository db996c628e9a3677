// Copyright 2026 RCM contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

/**
 * A collections manager opens the dashboard, sees its cards and opens the top pending case.
 * Relies on data created by rcm_reports/tests/test_tour.py.
 */
registry.category("web_tour.tours").add("rcm_reports_dashboard_tour", {
    steps: () => [
        {
            content: "The pipeline card shows the overdue buckets",
            trigger: ".o_rcm_dashboard .o_rcm_pipeline .o_rcm_bar_row:contains(31-60)",
        },
        {
            content: "The DSO trend has twelve months",
            trigger: ".o_rcm_dashboard .o_rcm_dso_trend tbody tr:nth-child(12)",
        },
        {
            content: "The forecast card is there",
            trigger: ".o_rcm_dashboard .o_rcm_forecast .o_rcm_bar_row",
        },
        {
            content: "Open the top pending collection",
            trigger: ".o_rcm_dashboard .o_rcm_top_pending tbody tr:first-child:contains(Northwind Logistics)",
            run: "click",
        },
        {
            content: "The case form is open",
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Northwind Logistics)",
        },
    ],
});
