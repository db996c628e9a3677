// Copyright 2026 RCM contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The collections manager's dashboard. All its data comes from one RPC,
 * rcm.dashboard.get_dashboard_data(); bars are plain CSS widths (no chart library).
 */
export class RcmDashboard extends Component {
    static template = "rcm_reports.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null, loading: true });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.loading = true;
        this.state.data = await this.orm.call("rcm.dashboard", "get_dashboard_data", []);
        this.state.loading = false;
    }

    /** Width in percent of `value` against the largest of `values` (0..100). */
    width(value, values) {
        const peak = Math.max(1, ...values.map((v) => Math.abs(v || 0)));
        return Math.round((100 * Math.abs(value || 0)) / peak);
    }

    get dsoValues() {
        return this.state.data.dso_trend.map((row) => row.dso || 0);
    }

    openCase(caseId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "rcm.collection.case",
            res_id: caseId,
            views: [[false, "form"]],
        });
    }

    openCollectorQueue(userId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: "Cases",
            res_model: "rcm.collection.case",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain: [
                ["state", "!=", "resolved"],
                ["user_id", "=", userId || false],
            ],
        });
    }

    openAction(xmlId) {
        this.action.doAction(xmlId);
    }
}

registry.category("actions").add("rcm_reports.dashboard", RcmDashboard);
