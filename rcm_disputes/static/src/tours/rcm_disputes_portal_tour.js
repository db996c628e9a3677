// Copyright 2026 RCM contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

/**
 * A customer disputes an invoice from the portal: open the invoice (/my/invoices/<id>), "Dispute this
 * invoice", give the reason, the amount and a comment, submit, and land on the dispute's page.
 *
 * Relies on data created by rcm_disputes/tests/test_tour.py: the logged-in portal user's company has
 * exactly one open invoice.
 */
registry.category("web_tour.tours").add("rcm_disputes_portal_tour", {
    url: "/my/invoices",
    steps: () => [
        {
            content: "Open the invoice",
            trigger: ".o_portal_my_doc_table a[href*='/my/invoices/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Dispute this invoice",
            trigger: "a.o_rcm_dispute_btn",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Choose the reason",
            trigger: "select[name=reason_id]",
            run: "selectByLabel Damaged Goods",
        },
        {
            content: "Dispute part of the invoice",
            trigger: "input[name=amount]",
            run: "edit 400",
        },
        {
            content: "Give our reference",
            trigger: "input[name=customer_ref]",
            run: "edit RMA-2026-17",
        },
        {
            content: "Explain",
            trigger: "textarea[name=description]",
            run: "edit Two pallets arrived broken.",
        },
        {
            content: "Submit the dispute",
            trigger: "button.o_rcm_dispute_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The dispute is registered",
            trigger: ".o_rcm_dispute_created",
        },
        {
            content: "It is new",
            trigger: ".o_rcm_dispute_stage:contains(New)",
        },
    ],
});
