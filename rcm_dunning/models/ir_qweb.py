# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo import models

# key of ``cr.cache`` holding the inline templates compiled for the batch being rendered
BATCH_COMPILE_CACHE = "rcm_dunning_qweb_batch"


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _compile(self, template):
        """Extension: while a batch of dunning emails is rendered
        (``rcm.dunning.communication._prerender_emails``), an inline template (an element, as
        ``mail.template`` renders its body once per record) is compiled once for the batch, as Odoo
        caches the templates it loads by reference (same context keys), instead of once per record."""
        cache = self.env.cr.cache.get(BATCH_COMPILE_CACHE)
        if cache is None or not isinstance(template, etree._Element):
            return super()._compile(template)
        context = self.env.context
        key = (
            etree.tostring(template),
            tuple(context.get(k) or False for k in self._get_template_cache_keys()),
            context.get("raise_on_forbidden_code_for_model") or False,  # checked when compiling
        )
        if key not in cache:
            cache[key] = super()._compile(template)
        return cache[key]
