"""Every generated notebook runs in a fresh environment where only mlpviz is installed.

The notebooks are the ones Sphinx-Gallery writes for the site's download
buttons. They run in a new virtual environment holding mlpviz (with its
``cnn`` extra for the convolutional section) and ipykernel, nothing else
from this checkout, so a notebook that relies on the build machine fails here.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).parents[1]
EXAMPLES = sorted((ROOT / "gallery").glob("*/plot_*.py"))

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="session")
def fresh_kernel(tmp_path_factory, monkeypatch_session):
    """A Jupyter kernel in a new virtual environment with only mlpviz installed."""
    root = tmp_path_factory.mktemp("fresh-env")
    venv = root / "venv"
    python = venv / "bin" / "python"
    package = f"{ROOT}[cnn]"
    uv = shutil.which("uv")
    if uv:
        subprocess.run(
            [uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True
        )
        subprocess.run(
            [
                uv,
                "pip",
                "install",
                "--quiet",
                "--python",
                str(python),
                package,
                "ipykernel",
            ],
            check=True,
        )
    else:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", package, "ipykernel"],
            check=True,
        )
    # The environment imports mlpviz from its own site-packages, not this checkout.
    where = subprocess.run(
        [str(python), "-c", "import mlpviz; print(mlpviz.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert str(venv) in where.stdout
    kernel_dir = root / "jupyter" / "kernels" / "mlpviz-fresh"
    kernel_dir.mkdir(parents=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "mlpviz (fresh environment)",
        "language": "python",
    }
    (kernel_dir / "kernel.json").write_text(json.dumps(spec))
    monkeypatch_session.setenv("JUPYTER_PATH", str(root / "jupyter"))
    return "mlpviz-fresh"


@pytest.fixture(scope="session")
def monkeypatch_session():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notebook_runs(example, unexecuted_site, fresh_kernel, mnist, tmp_path):
    folder = unexecuted_site / "docs" / "auto_examples" / example.parent.name
    notebook = nbformat.read(folder / f"{example.stem}.ipynb", as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name=fresh_kernel,
        timeout=1200,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = [
        out
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    ]
    assert not [out for out in outputs if out.output_type == "error"]
    figures = [out for out in outputs if "image/png" in out.get("data", {})]
    assert figures, f"{example.name} drew no figure"
