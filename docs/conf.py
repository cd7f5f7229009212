"""Sphinx configuration of the mlpviz gallery site.

Built by ``nox -s docs``, which first builds the wheel the site publishes.
What Sphinx-Gallery, Sphinx and the theme do not do themselves is in one
extension, ``_ext/mlpviz_site``.
"""

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from jupyterlite_pyodide_kernel.constants import (
    PYODIDE_CDN_URL,
    PYODIDE_KERNEL_PLUGIN_ID,
)
from sphinx.errors import ConfigError

import mlpviz
from mlpviz.datasets import get_data_home

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

from mlpviz_site.downloads import install_cell, pandoc_options, wheel_url

project = "mlpviz"
author = "The mlpviz developers"
copyright = "2026, The mlpviz developers"
release = mlpviz.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_copybutton",
    # Before Sphinx-Gallery: sphinx-sitemap forks a multiprocessing manager
    # when the builder starts, which must happen before any example has left
    # threads alive in this process (JAX's, in a build with one process).
    "sphinx_sitemap",
    # Sets up intersphinx and Sphinx-Gallery itself, in the order its
    # handlers need (see its docstring).
    "mlpviz_site",
    # After mlpviz_site: Sphinx-Gallery writes the notebooks JupyterLite serves
    # before jupyterlite-sphinx builds the app (both when the build finishes).
    "jupyterlite_sphinx",
    "sphinxext.opengraph",
    "notfound.extension",
]
templates_path = ["_templates"]
exclude_patterns = ["_build", "_contents", "**.ipynb_checkpoints"]

# Same sources, same bytes: the dates Sphinx and the zips of the downloads
# write are the last commit's, unless the environment sets one.
if not os.environ.get("SOURCE_DATE_EPOCH"):
    last_commit = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=HERE, capture_output=True, text=True
    )
    if last_commit.returncode == 0:
        os.environ["SOURCE_DATE_EPOCH"] = last_commit.stdout.strip()

# -- API reference -----------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
default_role = "literal"

# -- Links to other projects' documentation ----------------------------------
# MLPVIZ_OFFLINE=1 builds without network access, and without these links.
# Otherwise a missing inventory stops the build at once (mlpviz_site).
OFFLINE = os.environ.get("MLPVIZ_OFFLINE", "").lower() in ("1", "true", "yes")
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "numpy": ("https://numpy.org/doc/stable", None),
    "pandas": ("https://pandas.pydata.org/docs", None),
    "matplotlib": ("https://matplotlib.org/stable", None),
    "sklearn": ("https://scikit-learn.org/stable", None),
    "pooch": ("https://www.fatiando.org/pooch/latest", None),
}
if OFFLINE:
    print("MLPVIZ_OFFLINE: building without links to other projects' documentation")
    intersphinx_mapping = {}
intersphinx_timeout = 10

# -- Where the project lives ---------------------------------------------------
# The addresses are defined once, in pyproject.toml's [project.urls]. The
# site's own address comes from MLPVIZ_SITE_URL when set (a build for another
# host, or a test on a loopback address): the notebooks install mlpviz from
# the wheel published there.
PROJECT_URLS = dict(
    entry.split(", ", 1)
    for entry in metadata.metadata("mlpviz").get_all("Project-URL") or []
)
REPOSITORY_URL = PROJECT_URLS["Repository"]
html_baseurl = os.environ.get("MLPVIZ_SITE_URL") or PROJECT_URLS["Documentation"]
if not html_baseurl.startswith(("http://", "https://")):
    raise ConfigError(
        f"The site's address is {html_baseurl!r}, but notebooks install mlpviz "
        "from the site: set MLPVIZ_SITE_URL to its http(s) address"
    )
html_baseurl = html_baseurl.rstrip("/") + "/"

# Published as they are, at the site's root (html_extra_path): the wheel the
# notebooks install, which `nox -s docs` builds into wheels/, and robots.txt,
# which names the sitemap.
EXTRA_FOLDER = HERE / "_build" / "extra"
WHEEL = EXTRA_FOLDER / "wheels" / f"mlpviz-{release}-py3-none-any.whl"
EXTRA_FOLDER.mkdir(parents=True, exist_ok=True)
(EXTRA_FOLDER / "robots.txt").write_text(
    f"User-agent: *\nAllow: /\nSitemap: {html_baseurl}sitemap.xml\n"
)
html_extra_path = [str(EXTRA_FOLDER)]
# |repository| is a link; |repository_url| the bare address, for commands: its
# escaped colon keeps docutils from making it a link the theme would shorten.
repository_text = REPOSITORY_URL.replace(":", "\\:", 1)
rst_epilog = f"""
.. |repository| replace:: {REPOSITORY_URL}
.. |repository_url| replace:: {repository_text}
.. |mlpviz_wheel_url| replace:: {wheel_url(html_baseurl, release)}
.. |mlpviz_wheel_link| replace:: `{WHEEL.name} <wheels/{WHEEL.name}>`__
"""

# -- The gallery -------------------------------------------------------------
# BLAS and XLA on one thread in every worker process (they are started after
# conf.py runs): the examples' networks are small, and more threads wait on
# each other. XLA's sums also round by its number of threads, which would
# otherwise be the machine's number of cores. XLA's compiled programs are
# kept in the user's cache, so that a rebuild does not compile them again.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
os.environ.setdefault("PJRT_NPROC", "1")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false")
os.environ.setdefault(
    "JAX_COMPILATION_CACHE_DIR", str(get_data_home() / "jax-compilation")
)
os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")

sphinx_gallery_conf = {
    "examples_dirs": ["../gallery"],
    "gallery_dirs": ["auto_examples"],
    "subsection_order": [
        "../gallery/weights_as_images",
        "../gallery/what_the_network_sees",
        "../gallery/ng_digits",
        "../gallery/inside_the_network",
        "../gallery/convolutional",
    ],
    "within_subsection_order": "mlpviz_site.reading_order",
    "minigallery_sort_order": "mlpviz_site.reading_order",
    "doc_module": ("mlpviz",),
    "backreferences_dir": "gen_modules/backreferences",
    "remove_config_comments": True,
    # The matplotlib backend is reset before each example, and BLAS given
    # one thread, in whichever process runs it.
    "reset_modules": ("matplotlib", "mlpviz_site.one_blas_thread"),
    # Animations as H.264 video with the browser's own controls; figures
    # with a 2x copy for hi-dpi screens (stored with a palette, mlpviz_site).
    "matplotlib_animations": (True, "mp4"),
    "image_srcset": ["2x"],
    # Thumbnails are shown at 160 x 112 CSS pixels: twice that is sharp on
    # hi-dpi screens and keeps gallery pages light.
    "thumbnail_size": (320, 224),
    "recommender": {"enable": True, "n_examples": 3},
    # The execution-time pages change with every build and load jQuery and
    # DataTables from CDNs: not published (the console and `nox -s benchmarks`
    # report the examples' times).
    "write_computation_times": False,
    "min_reported_time": 1,
    # An example leaves its animation as a cell's last expression, so that
    # notebooks show it as matplotlib's player; the page shows the video.
    "ignore_repr_types": r"matplotlib\.animation\.\w*Animation",
    # Alt texts from the figures' titles, a legibility check, hi-dpi videos.
    "image_scrapers": ("mlpviz_site.scraper.matplotlib_for_readers",),
    # Notebooks: mlpviz installed from this site's wheel in the first cell
    # (with the cnn extra where needed), the text made Markdown by pandoc,
    # with links for Sphinx roles (mlpviz_site.downloads).
    "first_notebook_cell": install_cell(html_baseurl, release),
    "pypandoc": pandoc_options(html_baseurl),
    # Run the examples of a section in as many worker processes as
    # sphinx-build's -j gives (nox -s docs passes -j auto). No example runs
    # in the Sphinx process, so no thread it started is alive when Sphinx
    # forks its own workers for reading and writing.
    "parallel": True,
}

# -- Run in the browser (JupyterLite) and on Binder ------------------------------
# Every example page gets a JupyterLite button (but those needing the cnn
# extra: Pyodide has no JAX, no_lite_badge) and a Binder button. The JupyterLab
# app is built into lite/ and served by the site; its Python, Pyodide, comes
# from Pyodide's CDN, or from the pyodide.mjs that MLPVIZ_PYODIDE_URL names.
PYODIDE_URL = os.environ.get("MLPVIZ_PYODIDE_URL") or f"{PYODIDE_CDN_URL}/pyodide.mjs"
if not PYODIDE_URL.endswith("/pyodide.mjs"):
    raise ConfigError(
        f"MLPVIZ_PYODIDE_URL={PYODIDE_URL!r} does not name a pyodide.mjs: set it "
        "to the address of pyodide.mjs in a copy of Pyodide's full distribution "
        "(such as https://example.org/pyodide/v314.0.6/full/pyodide.mjs)"
    )
# jupyterlite-sphinx deletes `jupyter lite build`'s record of what it built
# from its own working folder, not the build's (docs/): kept, it makes the
# next build skip steps whose output the fresh HTML pass deleted.
Path(HERE, ".jupyterlite.doit.db").unlink(missing_ok=True)
# The app's settings (jupyter-lite.json), written where the app is built from.
jupyterlite_dir = str(HERE / "_build" / "jupyterlite")
Path(jupyterlite_dir).mkdir(parents=True, exist_ok=True)
(Path(jupyterlite_dir) / "jupyter-lite.json").write_text(
    json.dumps(
        {
            "jupyter-lite-schema-version": 0,
            "jupyter-config-data": {
                "litePluginSettings": {
                    PYODIDE_KERNEL_PLUGIN_ID: {"pyodideUrl": PYODIDE_URL}
                }
            },
        },
        indent=2,
    )
)
# Not in the app: the examples of the cnn extra (JAX, which Pyodide lacks).
jupyterlite_ignore_contents = [r"/convolutional/"]
sphinx_gallery_conf["jupyterlite"] = {
    # Where jupyterlite-sphinx serves its contents from: see drop_lite_contents.
    "jupyterlite_contents": "_contents",
    # mlpviz from the site's wheel, MNIST from the site's copy (data/, which
    # `nox -s docs` publishes), fewer training images, said in the notebook.
    "notebook_modification_function": "mlpviz_site.downloads.browser_notebook",
}
# Binder builds the repository's .binder/ (its postBuild writes the notebooks
# the buttons open, notebooks/auto_examples/..., from the gallery's scripts).
ORG, REPO = urlsplit(REPOSITORY_URL).path.strip("/").split("/")
sphinx_gallery_conf["binder"] = {
    "org": ORG,
    "repo": REPO,
    "branch": "main",
    "binderhub_url": "https://mybinder.org",
    "dependencies": "../.binder/requirements.txt",
    "notebooks_dir": "notebooks",
    "use_jupyter_lab": True,
}

# -- HTML --------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "mlpviz: looking inside neural networks"
html_static_path = ["_static"]
html_css_files = ["mlpviz.css"]
html_js_files = ["mlpviz.js"]
# A short navbar title with a logo, so the header fits a 360-px phone.
html_logo = "_static/mlpviz-logo.svg"
html_favicon = "_static/mlpviz-logo.svg"
html_theme_options = {
    "logo": {"text": "mlpviz", "alt_text": "mlpviz - home"},
    "navbar_align": "left",
    "github_url": REPOSITORY_URL,
    "show_toc_level": 2,
    # The download links render only on example pages.
    "secondary_sidebar_items": ["page-toc", "sg_download_links"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_sidebars = {"index": [], "data": [], "install": []}
# No page links to the reST sources: they are not published.
html_copy_source = False
html_show_sourcelink = False
# Nor to a module index (the API page lists the modules).
html_domain_indices = False
# Images are not wrapped in a link to themselves (a gallery figure links to
# its full-size copy, mlpviz_site; a thumbnail to its example).
html_scaled_image_link = False
# Light or dark as the reader's system prefers: figures read well in both.
html_context = {"default_mode": "auto"}

# Preview cards (sphinxext-opengraph): an example's thumbnail (mlpviz_site),
# else the landing page's figure. The sitemap lists every page but the search
# and indexes.
ogp_site_url = html_baseurl
ogp_site_name = "mlpviz"
ogp_image = "_images/sphx_glr_plot_watch_filters_form_002_2_00x.png"
ogp_image_alt = "The first-layer weights of 16 hidden units while the network trains"
ogp_social_cards = {"enable": False}  # drawn with matplotlib for every page: slow
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html", "_modules/*"]
# A stale link gets the site's own 404 page, whose links and styles start from
# the site's root (its path in html_baseurl), whatever the missing URL's depth.
notfound_urls_prefix = urlsplit(html_baseurl).path
