// Copyright 2026 RCM contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * A collector's day on the desk: open My Queue, open the top case, log a call whose outcome is a
 * promise to pay, and see the case move to "Promised".
 *
 * Relies on data created by rcm_collections/tests/test_tour.py: the logged-in user is the
 * collector of at least one open case (the top one by priority) that is not "promised" yet.
 */
registry.category("web_tour.tours").add("rcm_collections_my_queue_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Collections app",
            trigger: ".o_app[data-menu-xmlid='rcm_collections.menu_rcm_root']",
            run: "click",
        },
        {
            content: "Open the Desk menu",
            trigger: ".o_main_navbar [data-menu-xmlid='rcm_collections.menu_rcm_desk']",
            run: "click",
        },
        {
            content: "Open My Queue",
            trigger: ".dropdown-item[data-menu-xmlid='rcm_collections.menu_rcm_my_queue']",
            run: "click",
        },
        {
            content: "My Queue is displayed",
            trigger: ".o_breadcrumb:contains(My Queue)",
        },
        {
            content: "Open the top case (highest priority)",
            trigger: ".o_list_view .o_data_row:first-child .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Log a call",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_log_call]",
            run: "click",
        },
        {
            content: "Open the outcome selection",
            trigger: ".modal .o_field_widget[name=outcome] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "The customer promises to pay",
            trigger: ".o_select_menu_menu .o_select_menu_item:contains(Promise to Pay)",
            run: "click",
        },
        {
            content: "Promised amount",
            trigger: ".modal .o_field_widget[name=promise_amount] input",
            run: "edit 250",
        },
        {
            content: "Promised date (in a week)",
            trigger: ".modal .o_field_widget[name=promise_date] input",
            run: `edit ${formatDate(luxon.DateTime.now().plus({ days: 7 }))}`,
        },
        {
            content: "Notes (also closes the date picker)",
            trigger: ".modal .o_field_widget[name=notes] textarea",
            run: "edit Will pay by bank transfer next week.",
        },
        {
            content: "Save the call",
            trigger: ".modal button[name=action_save_call]",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The case is now Promised",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=promised]",
        },
    ],
});
