"""Running a program without network, as the site's build must run."""

from __future__ import annotations

import shutil
import subprocess


def offline(env: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """A command prefix and environment that run a program without network.

    The program gets a network namespace of its own (Linux's unshare) where
    one can be made; its proxies, which Python's HTTP clients use, are a
    closed port everywhere.
    """
    prefix = ["unshare", "--net", "--map-root-user"]
    probe = None
    if shutil.which("unshare"):
        probe = subprocess.run([*prefix, "true"], capture_output=True)
    dead = "http://127.0.0.1:9"
    proxies = {name: dead for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")}
    proxies |= {name.lower(): dead for name in proxies}
    proxies |= {"NO_PROXY": "", "no_proxy": ""}
    return (prefix if probe and probe.returncode == 0 else []), {**env, **proxies}
