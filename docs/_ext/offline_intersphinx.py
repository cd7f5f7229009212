"""Keep intersphinx links when online, and build quietly when offline.

Intersphinx downloads each project's inventory at the start of a build. On a
machine without network access every download fails with a warning, which a
build with ``-W`` turns into an error (Sphinx gives it no type that
``suppress_warnings`` could name). This extension tries each inventory's host
once, with a short timeout, and drops the projects whose host cannot be
reached, saying so in one line. Online builds are unchanged.
"""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from sphinx.util import logging

logger = logging.getLogger(__name__)

PROBE_TIMEOUT = 3.0


def _reachable(url: str) -> bool:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=PROBE_TIMEOUT):
            return True
    except OSError:
        return False


def drop_unreachable_inventories(app, config) -> None:
    mapping = dict(config.intersphinx_mapping)
    if not mapping:
        return
    names = list(mapping)
    urls = [mapping[name][0] for name in names]
    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        reachable = list(pool.map(_reachable, urls))
    offline = [name for name, ok in zip(names, reachable) if not ok]
    if offline:
        logger.info(
            "[offline_intersphinx] no network access to %s: building without "
            "links to their documentation",
            ", ".join(offline),
        )
        config.intersphinx_mapping = {
            name: target for name, target in mapping.items() if name not in offline
        }


def setup(app):
    # Intersphinx normalises the mapping in a config-inited handler of
    # priority 800; prune it before that.
    app.connect("config-inited", drop_unreachable_inventories, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
