// Copyright 2026 RCM contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

/**
 * A collector acknowledges the flag of a case with a note: the red banner gives way to the grey
 * "acknowledged" one. Relies on rcm_collections/tests/test_deviations.py (TestDeviationTour), which
 * opens the form of a flagged case of the collector.
 */
registry.category("web_tour.tours").add("rcm_collections_acknowledge_deviation_tour", {
    steps: () => [
        {
            content: "The flag is shown in red with its reason",
            trigger: ".o_form_view div[name=deviation_banner].alert-danger:contains(missed SLA)",
        },
        {
            content: "Acknowledge the flag",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_acknowledge_deviation]",
            run: "click",
        },
        {
            content: "Write what was done",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Statement sent again, customer on holiday",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The flag is acknowledged, still visible",
            trigger: ".o_form_view div[name=deviation_ack_banner]:contains(customer on holiday)",
        },
        {
            content: "No red banner any more",
            trigger: ".o_form_view:not(:has(div[name=deviation_banner]))",
        },
        {
            // the form and its chatter are reloaded: no request is left running when the tour ends
            content: "The note is logged on the chatter",
            trigger: ".o-mail-Chatter .o-mail-Message:contains(customer on holiday)",
        },
    ],
});
