# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared helpers of the Odoo-free tests (``python -m pytest tests/`` from the repository root).

Importing an addon package (``rcm_collections``) would import its Odoo models, so the pure-Python
service modules are loaded straight from their files instead::

    from conftest import load_service

    aging = load_service("rcm_collections", "aging")
"""

import importlib.util
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def load_service(addon, name):
    """Load ``<addon>/services/<name>.py`` as module ``<addon>_services_<name>`` (cached in sys.modules)."""
    module_name = f"{addon}_services_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    path = REPO_ROOT / addon / "services" / f"{name}.py"
    if not path.is_file():
        raise FileNotFoundError(f"No service module {path}")
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    # Registered before execution: dataclasses look their module up in sys.modules.
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module
