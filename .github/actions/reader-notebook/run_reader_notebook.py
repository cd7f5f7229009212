"""Run one example's notebook as a reader does, on any operating system.

The cross-platform counterpart of tests/site/test_reader_notebooks.py (which
runs every notebook, on Linux): the site is built without running the
examples, for a loopback address, and served there; the example's notebook is
downloaded by following the links a reader follows (landing page, example
page, download button); a new virtual environment holds only nbclient and
ipykernel, no mlpviz; the notebook runs in its kernel, its first cell
installing mlpviz from the wheel the site publishes. It must run without an
error, and mlpviz must then come from that wheel, into that environment.

Usage: python run_reader_notebook.py EXAMPLE_NAME [WORK_FOLDER]

Run it from the checkout, with mlpviz's ``docs`` extra, nbclient and
hatchling installed. MLPVIZ_DATA, if set, reaches the notebook's kernel.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import nbformat
from nbclient import NotebookClient

ROOT = Path.cwd()
KERNEL_NAME = "mlpviz-reader"
CELL_TIMEOUT = 1200  # seconds
WINDOWS = os.name == "nt"
# Run in the kernel after the notebook: where mlpviz came from.
PROBE = """\
import importlib.metadata, json, sys
import mlpviz
_dist = importlib.metadata.distribution("mlpviz")
print(json.dumps({
    "file": mlpviz.__file__,
    "version": importlib.metadata.version("mlpviz"),
    "direct_url": json.loads(_dist.read_text("direct_url.json") or "{}"),
}))
"""


def build_site(folder: Path, site_url: str) -> Path:
    """The site, from a copy of docs/ and gallery/, unexecuted; its HTML folder."""
    ignore = shutil.ignore_patterns("_build", "auto_examples", "gen_modules")
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=ignore)
    shutil.copytree(ROOT / "gallery", folder / "gallery")
    wheels = folder / "docs" / "_build" / "wheel" / "wheels"
    run(sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", wheels)
    env = {**os.environ, "MLPVIZ_SITE_URL": site_url, "MLPVIZ_OFFLINE": "1"}
    # Without running the examples there are no figures: none to compress
    # (optipng need not be installed), and the landing page's is missing.
    expected = "sphinx_gallery.dependency,image.not_readable"
    run(
        *(sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html"),
        *(
            "-d",
            "doctrees",
            "-D",
            "plot_gallery=0",
            "-D",
            f"suppress_warnings={expected}",
        ),
        *("docs", "html"),
        cwd=folder,
        env=env,
    )
    return folder / "html"


def run(*command, **kwargs) -> None:
    print("$", " ".join(map(str, command)), flush=True)
    subprocess.run([str(part) for part in command], check=True, **kwargs)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(url: str) -> list[str]:
    with urllib.request.urlopen(url) as response:
        parser = _Links()
        parser.feed(response.read().decode("utf-8"))
    return [urljoin(url, href).split("#")[0] for href in parser.hrefs]


def download_notebook(site_url: str, example: str, folder: Path) -> Path:
    """Follow the links from the landing page to the example's notebook."""
    (page,) = {
        link
        for link in links(site_url)
        if re.search(rf"/auto_examples/[^/]+/{example}\.html$", link)
    }
    # The download link (the JupyterLite and Binder buttons name it too).
    downloads = {
        link for link in links(page) if re.search(r"/_downloads/.*\.ipynb$", link)
    }
    (notebook,) = downloads
    path = folder / Path(urlsplit(notebook).path).name
    with urllib.request.urlopen(notebook) as response:
        path.write_bytes(response.read())
    print(f"downloaded {notebook} from {page}")
    return path


def reader_environment(folder: Path) -> tuple[Path, Path]:
    """A new environment with nbclient and ipykernel only; its kernel's folder."""
    venv = folder / "venv"
    scripts = venv / ("Scripts" if WINDOWS else "bin")
    python = scripts / ("python.exe" if WINDOWS else "python")
    uv = shutil.which("uv")
    if uv:
        # --seed: pip, which a reader's environment has and the first cell uses.
        run(uv, "venv", "--quiet", "--seed", "--python", sys.executable, venv)
        run(
            uv, "pip", "install", "--quiet", "--python", python, "nbclient", "ipykernel"
        )
    else:
        run(sys.executable, "-m", "venv", venv)
        run(python, "-m", "pip", "install", "--quiet", "nbclient", "ipykernel")
    absent = subprocess.run([str(python), "-c", "import mlpviz"], capture_output=True)
    if absent.returncode == 0:
        sys.exit("The reader's environment must start without mlpviz.")
    kernels = folder / "jupyter"
    spec = kernels / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [
                    str(python),
                    "-m",
                    "ipykernel_launcher",
                    "-f",
                    "{connection_file}",
                ],
                "display_name": "A reader's Python",
                "language": "python",
                "env": {
                    "VIRTUAL_ENV": str(venv),
                    "PATH": f"{scripts}{os.pathsep}{os.environ['PATH']}",
                    "PYTHONNOUSERSITE": "1",
                },
            }
        ),
        encoding="utf-8",
    )
    return venv, kernels


def run_notebook(path: Path, workdir: Path) -> dict:
    """Execute every cell in the reader's kernel, then the probe; return its answer."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(workdir)}},
    )
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError, with the cell and traceback
    print(f"ran {len(notebook.cells) - 1} cells in {time.perf_counter() - start:.0f} s")
    nbformat.write(notebook, workdir / f"executed-{path.name}")
    figures = sum(
        "image/png" in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    if not figures:
        sys.exit(f"{path.name} drew no figure.")
    probe = notebook.cells[-1].outputs
    return json.loads("".join(out.get("text", "") for out in probe))


def main(example: str, work: Path) -> None:
    import mlpviz

    work.mkdir(parents=True, exist_ok=True)
    with socket.create_server(("127.0.0.1", 0)) as listening:
        host, port = listening.getsockname()[:2]
        site_url = f"http://{host}:{port}/"
        html = build_site(work / "site", site_url)
        handler = functools.partial(_Quiet, directory=str(html))
        server = ThreadingHTTPServer((host, port), handler, bind_and_activate=False)
        server.socket = listening
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            downloads = work / "downloads"
            downloads.mkdir()
            notebook = download_notebook(site_url, example, downloads)
            venv, kernels = reader_environment(work)
            os.environ["JUPYTER_PATH"] = str(kernels)
            workdir = work / "run"
            workdir.mkdir()
            probe = run_notebook(notebook, workdir)
        finally:
            server.shutdown()
            thread.join()
    wheel_url = f"{site_url}wheels/mlpviz-{mlpviz.__version__}-py3-none-any.whl"
    print("mlpviz in the reader's kernel:", json.dumps(probe, indent=2))
    problems = []
    if not Path(probe["file"]).resolve().is_relative_to(venv.resolve()):
        problems.append(f"mlpviz came from {probe['file']}, not from {venv}")
    if probe["version"] != mlpviz.__version__:
        problems.append(f"mlpviz {probe['version']}, not {mlpviz.__version__}")
    if probe["direct_url"].get("url") != wheel_url:
        problems.append(f"mlpviz was not installed from {wheel_url}")
    if problems:
        sys.exit("\n".join(problems))
    print(f"{example}: ran as a reader runs it, with mlpviz from {wheel_url}")


if __name__ == "__main__":
    name = sys.argv[1]
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp())
    main(name, folder.resolve())
