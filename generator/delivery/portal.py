"""The hook between delivery and the web portal (门户, `taizhang serve`).

A blank ledger's message carries the unit's own link to the portal when the portal runs; until it does (or when no
link exists for a unit) messages simply go without one.
"""

from __future__ import annotations

import importlib

from generator.workspace import Workspace

# The portal module, when installed, provides unit_link(ws, period, unit) -> str | None.
PORTAL_MODULE = "generator.portal.links"


def portal_link(ws: Workspace, period: str, unit: str) -> str | None:
    """The unit's link to fill in `period` on the portal, or None when there is no portal (yet)."""
    try:
        module = importlib.import_module(PORTAL_MODULE)
    except ImportError:
        return None
    link = getattr(module, "unit_link", None)
    return link(ws, period, unit) if callable(link) else None
