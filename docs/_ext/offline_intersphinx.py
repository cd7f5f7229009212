"""Build without network access when asked to, and say how when a build cannot
reach the other projects' documentation.

Intersphinx downloads each project's inventory at the start of a build, with
Sphinx's own HTTP client, which honours ``HTTPS_PROXY``, ``HTTP_PROXY`` and
``NO_PROXY``. Where that fails, Sphinx warns (a warning with no type that
``suppress_warnings`` could name), and ``-W`` makes the build fail.

- ``MLPVIZ_OFFLINE=1`` in the environment is the explicit offline switch
  (``.ci/run`` sets it): no inventory is fetched, the links to other projects'
  documentation are left out (their names stay as code), and the build says so
  in one line.
- Otherwise the inventories are fetched as usual. When one cannot be loaded,
  the build adds a warning that names the switch, after Sphinx's own.
"""

from __future__ import annotations

import os

from sphinx.ext.intersphinx import InventoryAdapter
from sphinx.util import logging

logger = logging.getLogger(__name__)

SWITCH = "MLPVIZ_OFFLINE"


def offline() -> bool:
    """Whether the environment asks for a build without network access."""
    value = os.environ.get(SWITCH, "").strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise ValueError(
        f"{SWITCH}={os.environ[SWITCH]!r} is not understood: set it to 1 to build "
        "without network access, or unset it"
    )


def drop_inventories_when_offline(app, config) -> None:
    if not offline() or not config.intersphinx_mapping:
        return
    logger.info(
        "[offline_intersphinx] %s=1: building without links to the documentation of %s",
        SWITCH,
        ", ".join(sorted(config.intersphinx_mapping)),
    )
    config.intersphinx_mapping = {}


def explain_missing_inventories(app) -> None:
    expected = set(app.config.intersphinx_mapping)
    loaded = set(InventoryAdapter(app.env).named_inventory)
    missing = sorted(expected - loaded)
    if missing:
        logger.warning(
            "[offline_intersphinx] no inventory for %s, so their links are "
            "missing. Check the network or the proxy variables (HTTPS_PROXY); "
            "to build without network access on purpose, set %s=1.",
            ", ".join(missing),
            SWITCH,
            type="intersphinx",
            subtype="offline",
        )


def setup(app):
    app.setup_extension("sphinx.ext.intersphinx")
    # Intersphinx normalises the mapping in a config-inited handler of
    # priority 800 and loads the inventories in a builder-inited handler of
    # the default priority (500).
    app.connect("config-inited", drop_inventories_when_offline, priority=100)
    app.connect("builder-inited", explain_missing_inventories, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
