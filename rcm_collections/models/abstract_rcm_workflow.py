# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError


class RcmWorkflowMixin(models.AbstractModel):
    """Fields that only RCM's own flows may write (states, dates and links set by actions and crons).

    A ``readonly=True`` field is still writable by ``create``/``write`` over RPC. Models list their
    workflow fields in ``_rcm_workflow_fields``; a value given for one of them in ``create`` or
    ``write`` is refused unless the environment is in superuser mode. Server code changes them through
    ``_rcm_workflow_write`` (which documents why it may), never through a context key: the RPC layer can
    set any context key but cannot reach ``sudo()``.

    Extension: add field names to ``_rcm_workflow_fields`` in an inheriting class (a tuple).
    """

    _name = "rcm.workflow.mixin"
    _description = "RCM Workflow Fields"

    _rcm_workflow_fields = ()

    def _rcm_check_workflow_values(self, vals):
        if self.env.su:
            return
        forbidden = sorted(set(self._rcm_workflow_fields) & set(vals))
        if forbidden:
            labels = ", ".join(self._fields[name].get_description(self.env)["string"] for name in forbidden)
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s are set by the collections workflow (its buttons and scheduled "
                    "actions), not written directly.",
                    fields=labels,
                    model=self._description,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._rcm_check_workflow_values(vals)
        records = self
        if not self.env.su:
            # ``default_<workflow field>`` context keys are dropped: a client sets any context key
            keys = {f"default_{name}" for name in self._rcm_workflow_fields}
            if keys & set(self.env.context):
                # a new context without those keys (kwargs could only add keys, not drop them)
                context = {k: v for k, v in self.env.context.items() if k not in keys}
                records = self.with_context(context)  # pylint: disable=context-overridden
        return super(RcmWorkflowMixin, records).create(vals_list)

    def write(self, vals):
        self._rcm_check_workflow_values(vals)
        return super().write(vals)

    def _rcm_workflow_write(self, vals):
        """Write workflow fields (and any other value) for RCM's own flows.

        The current user must be allowed to write these records (access rights and record rules are
        checked first, unless already in superuser mode); the write itself runs in superuser mode. Callers
        are server-side actions and crons that checked the user's right to perform the step (group,
        state) before calling it."""
        if not self.env.su:
            self.check_access("write")
        # sudo: the only way workflow fields are written; see the class docstring
        return self.sudo().write(vals)
