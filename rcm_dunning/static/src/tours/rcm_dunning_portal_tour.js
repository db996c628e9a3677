// Copyright 2026 RCM contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

/**
 * A customer on the portal: opens the statement from the portal home, sees the overdue invoice and
 * its aging, then clicks "Pay Now" and reaches the payment step of the invoice.
 *
 * Relies on data created by rcm_dunning/tests/test_tour.py: the logged-in portal user belongs to a
 * customer with an overdue invoice, and a payment provider is enabled.
 */
registry.category("web_tour.tours").add("rcm_dunning_portal_statement_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the statement from the portal home",
            trigger: ".o_portal_docs a[href='/my/statement']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The statement lists the overdue invoice",
            trigger: ".o_rcm_statement_open_items tr.text-danger:contains(INV/)",
        },
        {
            content: "The aging summary is shown",
            trigger: ".o_rcm_statement_aging",
        },
        {
            content: "Pay the overdue invoice",
            trigger: ".o_rcm_statement_open_items tr.text-danger a.o_rcm_pay_now",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The payment dialog of the invoice opens",
            trigger: "#pay_with .modal-title:contains(Pay)",
        },
        {
            content: "The payment form is there",
            trigger: "#pay_with #o_payment_form",
        },
    ],
});
