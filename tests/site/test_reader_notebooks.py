"""A reader downloads every notebook from the published site and runs it.

This is what a reader who has only the site does. The site is built without
running the examples, for a loopback address (``site_url``), and served from
that address. A new virtual environment holds only what running a notebook
takes, nbclient and ipykernel: no mlpviz, nothing from this checkout. Each
example's notebook is downloaded over HTTP by following the links a reader
follows (landing page, example page, download button) into a folder outside
the checkout, then run in that environment's kernel, first cell included: the
cell installs mlpviz from the wheel published with the site.

Two notebooks run at a time, each in its own kernel. The first one to run
needs the ``cnn`` extra if any does, and runs its install cell before any
other notebook runs its own; those then find mlpviz installed, so the session
installs mlpviz once and never runs two pips in the environment at once.

Under pytest-xdist the run is made once, by the first worker that needs it;
the other workers wait for it and read its results from the shared folder.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import traceback
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from notebook_checks import raw_rest

import mlpviz

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "gallery").glob("*/plot_*.py"))
KERNEL_NAME = "mlpviz-reader"
CELL_TIMEOUT = 1200  # seconds; the CNN's training is slow on a loaded machine
PARALLEL_NOTEBOOKS = 2
# Run in each kernel after its notebook: where mlpviz came from.
PROBE = """\
import importlib.metadata, json, sys
import mlpviz
_dist = importlib.metadata.distribution("mlpviz")
print(json.dumps({
    "file": mlpviz.__file__,
    "version": importlib.metadata.version("mlpviz"),
    "direct_url": json.loads(_dist.read_text("direct_url.json") or "{}"),
    "prefix": sys.prefix,
}))
"""

pytestmark = pytest.mark.notebooks


# -- The site, served on its loopback address -------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site's folder and records each request in ``server.requests``."""

    def log_request(self, code="-", size="-"):
        self.server.requests.append(
            {"method": self.command, "path": self.path, "status": int(code)}
        )

    def log_message(self, format, *args):
        pass


def _serve(html_dir, listening_socket):
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = ThreadingHTTPServer(
        listening_socket.getsockname(), handler, bind_and_activate=False
    )
    server.socket = listening_socket
    server.requests = []
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    return server, thread


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _links(url):
    with urllib.request.urlopen(url) as response:
        parser = _Links()
        parser.feed(response.read().decode())
    return [urljoin(url, href).split("#")[0] for href in parser.hrefs]


def download_notebooks(site_url, folder):
    """Follow the links from the landing page to every example's notebook."""
    pages = {
        link
        for link in _links(site_url)
        if re.search(r"/auto_examples/[^/]+/plot_\w+\.html$", link)
    }
    notebooks = {}
    for page in sorted(pages):
        # The download link (the JupyterLite and Binder buttons name it too).
        links = _links(page)
        (link,) = {link for link in links if re.search(r"/_downloads/.*\.ipynb$", link)}
        path = folder / Path(urlsplit(link).path).name
        with urllib.request.urlopen(link) as response:
            path.write_bytes(response.read())
        notebooks[path.stem] = path
    return notebooks


# -- The reader's environment ---------------------------------------------------------


def make_reader_environment(root):
    """A new virtual environment with nbclient and ipykernel only, and its kernel."""
    venv = root / "venv"
    python = venv / "bin" / "python"
    uv = shutil.which("uv")
    if uv:
        # --seed: pip, which a reader's environment has and the install cell uses.
        subprocess.run([uv, "venv", "--quiet", "--seed", str(venv)], check=True)
        install = [uv, "pip", "install", "--quiet", "--python", str(python)]
    else:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        install = [str(python), "-m", "pip", "install", "--quiet"]
    subprocess.run([*install, "nbclient", "ipykernel"], check=True)
    absent = subprocess.run([str(python), "-c", "import mlpviz"], capture_output=True)
    assert absent.returncode != 0, "the reader's environment must start without mlpviz"
    kernel_dir = root / "jupyter" / "kernels" / KERNEL_NAME
    kernel_dir.mkdir(parents=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "A reader's Python",
        "language": "python",
        "env": {
            "VIRTUAL_ENV": str(venv),
            "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "PYTHONNOUSERSITE": "1",
            # Notebooks run two at a time: one BLAS/OpenMP thread each, else
            # their threads wait on each other and the fits run much slower.
            **dict.fromkeys(
                ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"), "1"
            ),
        },
    }
    (kernel_dir / "kernel.json").write_text(json.dumps(spec))
    return venv, root / "jupyter"


def _needs_extra(notebook):
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    return re.search(r"^(import|from) keras\b", code, re.MULTILINE) is not None


def run_notebook(path, workdir, first_install_done, is_first, install_lock):
    """Execute the notebook at ``path`` in the reader's kernel; return the outcome."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(workdir)}},
    )
    outcome = {"error": None, "probe": None}
    start = time.perf_counter()
    try:
        with client.setup_kernel():
            for index, cell in enumerate(notebook.cells):
                if index == 0:  # the install cell
                    if not is_first:
                        first_install_done.wait()
                    with install_lock:
                        client.execute_cell(cell, index)
                    first_install_done.set()
                else:
                    client.execute_cell(cell, index)
            notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
            client.execute_cell(notebook.cells[-1], len(notebook.cells) - 1)
            outcome["probe"] = json.loads(_text(notebook.cells.pop().outputs))
    except CellExecutionError as error:
        outcome["error"] = str(error)
    except Exception:  # a kernel that died or never started: report, go on
        outcome["error"] = traceback.format_exc()
    finally:
        # Never leave the other notebooks waiting for a first install.
        first_install_done.set()
    outcome["seconds"] = round(time.perf_counter() - start, 1)
    executed = workdir / f"executed-{path.name}"
    nbformat.write(notebook, executed)
    outcome["executed"] = str(executed)
    return outcome


def _shared_folder(tmp_path_factory):
    """A folder all xdist workers of this run share (the session's own otherwise)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def reader_runs(request, tmp_path_factory, mlpviz_data, isolated_cache):
    """Every notebook downloaded from the served site and run in a fresh kernel."""
    shared = _shared_folder(tmp_path_factory) / "reader"
    shared.mkdir(exist_ok=True)
    results_file = shared / "results.json"
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not results_file.exists():
            results = _run_as_a_reader(request, shared)
            results_file.write_text(json.dumps(results, indent=2))
    return json.loads(results_file.read_text())


def _run_as_a_reader(request, folder):
    site = request.getfixturevalue("unexecuted_site")
    site_url = request.getfixturevalue("site_url")
    listening_socket = request.getfixturevalue("site_socket")
    downloads = folder / "downloads"
    downloads.mkdir()
    assert not downloads.is_relative_to(ROOT)
    venv, jupyter_path = make_reader_environment(folder)
    patch = pytest.MonkeyPatch()
    patch.setenv("JUPYTER_PATH", str(jupyter_path))
    server, thread = _serve(site / "html", listening_socket)
    try:
        start = time.perf_counter()
        notebooks = download_notebooks(site_url, downloads)
        read = {
            stem: nbformat.read(path, as_version=4) for stem, path in notebooks.items()
        }
        # The notebooks needing the extra first, so that one install brings it;
        # then the longest, so that two workers finish together.
        order = sorted(
            notebooks,
            key=lambda stem: (
                not _needs_extra(read[stem]),
                -notebooks[stem].stat().st_size,
            ),
        )
        first_install_done = threading.Event()
        install_lock = threading.Lock()
        with ThreadPoolExecutor(PARALLEL_NOTEBOOKS) as pool:
            futures = {}
            for rank, stem in enumerate(order):
                workdir = folder / "work" / stem
                workdir.mkdir(parents=True)
                futures[stem] = pool.submit(
                    run_notebook,
                    notebooks[stem],
                    workdir,
                    first_install_done,
                    rank == 0,
                    install_lock,
                )
            outcomes = {stem: future.result() for stem, future in futures.items()}
        seconds = round(time.perf_counter() - start, 1)
    finally:
        server.shutdown()
        thread.join()
        patch.undo()
    return {
        "site_url": site_url,
        "wheel_url": f"{site_url}wheels/mlpviz-{mlpviz.__version__}-py3-none-any.whl",
        "venv": str(venv),
        "downloaded": {stem: str(path) for stem, path in notebooks.items()},
        "order": order,
        "notebooks": outcomes,
        "requests": server.requests,
        "seconds": seconds,
    }


# -- What the reader gets --------------------------------------------------------------


def _outputs(notebook):
    return [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    ]


def _text(outputs):
    return "".join(
        out.get("text", "") for out in outputs if out.output_type == "stream"
    )


def test_every_example_page_offers_its_notebook(reader_runs):
    assert sorted(reader_runs["downloaded"]) == sorted(e.stem for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notebook_runs_for_a_reader(example, reader_runs):
    outcome = reader_runs["notebooks"][example.stem]
    assert outcome["error"] is None, outcome["error"][-3000:]
    notebook = nbformat.read(outcome["executed"], as_version=4)
    outputs = _outputs(notebook)
    assert not [out for out in outputs if out.output_type == "error"]

    # mlpviz came from the reader's environment, installed from the site's wheel.
    probe = outcome["probe"]
    venv = Path(reader_runs["venv"]).resolve()
    assert Path(probe["file"]).resolve().is_relative_to(venv / "lib"), probe
    assert probe["version"] == mlpviz.__version__
    assert probe["direct_url"].get("url") == reader_runs["wheel_url"], probe
    assert "editable" not in json.dumps(probe["direct_url"])

    figures = [out for out in outputs if "image/png" in out.get("data", {})]
    assert figures, f"{example.name} drew no figure"

    source = example.read_text()
    if "FuncAnimation(" in source:
        players = [
            out["data"]["text/html"]
            for out in outputs
            if "anim-controls" in out.get("data", {}).get("text/html", "")
        ]
        assert len(players) == 1, "the animation shows as matplotlib's player"
        frames = re.findall(r"frames\[\d+\] = \"data:image/png;base64,", players[0])
        assert len(frames) > 1, "the player holds every frame, not a still one"

    downloaded = nbformat.read(reader_runs["downloaded"][example.stem], as_version=4)
    for cell in downloaded.cells:
        if cell.cell_type == "markdown":
            assert not raw_rest(cell.source), raw_rest(cell.source)


def test_mlpviz_is_installed_once_from_the_wheel_on_the_site(reader_runs):
    wheel_path = urlsplit(reader_runs["wheel_url"]).path
    downloads = [
        request
        for request in reader_runs["requests"]
        if request["path"] == wheel_path and request["method"] == "GET"
    ]
    assert [request["status"] for request in downloads] == [200]

    # The first notebook installs mlpviz, with the extra if any notebook needs
    # it (the server saw one download); every other notebook finds it
    # installed, and its install cell prints nothing.
    for stem in reader_runs["order"][1:]:
        notebook = nbformat.read(reader_runs["notebooks"][stem]["executed"], 4)
        assert not _text(notebook.cells[0].outputs).strip(), stem
