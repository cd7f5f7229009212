"""Sphinx configuration of the mlpviz gallery site."""

import importlib.util
import os
import sys
from importlib import metadata
from pathlib import Path

from threadpoolctl import threadpool_limits

import mlpviz

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

project = "mlpviz"
author = "The mlpviz developers"
copyright = "2026, The mlpviz developers"
release = mlpviz.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_copybutton",
    "sphinx_gallery.gen_gallery",
    "offline_intersphinx",
    "stale_examples",
    "site_wheel",
    "reader_notebooks",
    "cnn_extra_note",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "**.ipynb_checkpoints"]

# -- API reference -----------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
default_role = "literal"

# -- Links to other projects' documentation ----------------------------------
# Dropped one by one when their host cannot be reached (offline_intersphinx).
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "numpy": ("https://numpy.org/doc/stable", None),
    "pandas": ("https://pandas.pydata.org/docs", None),
    "matplotlib": ("https://matplotlib.org/stable", None),
    "sklearn": ("https://scikit-learn.org/stable", None),
    "pooch": ("https://www.fatiando.org/pooch/latest", None),
}
intersphinx_timeout = 10

# -- The gallery -------------------------------------------------------------
# The convolutional examples need the optional Keras extra. Without it the
# section is still published, with its code shown unrun and a note saying so.
CNN_EXTRA = all(importlib.util.find_spec(name) for name in ("keras", "jax"))
cnn_extra_note_pages = [] if CNN_EXTRA else ["auto_examples/convolutional/"]
run_pattern = r"/plot_" if CNN_EXTRA else r"^(?!.*/convolutional/).*/plot_"

# The examples run in this process. Their networks are small, and more than
# one BLAS thread makes the fits several times slower (threads wait on each
# other), so BLAS gets one thread, as in the nox sessions.
threadpool_limits(limits=1, user_api="blas")

# Keras reads its backend when first imported; the examples use JAX.
os.environ.setdefault("KERAS_BACKEND", "jax")

sphinx_gallery_conf = {
    "examples_dirs": ["../gallery"],
    "gallery_dirs": ["auto_examples"],
    "subsection_order": [
        "../gallery/weights_as_images",
        "../gallery/ng_digits",
        "../gallery/inside_the_network",
        "../gallery/convolutional",
    ],
    "within_subsection_order": "gallery_order.ReadingOrder",
    "minigallery_sort_order": "gallery_order.reading_order_key",
    "filename_pattern": run_pattern,
    "doc_module": ("mlpviz",),
    "backreferences_dir": "gen_modules/backreferences",
    "remove_config_comments": True,
    "matplotlib_animations": (True, "jshtml"),
    # An example leaves its animation as a cell's last expression, so that
    # notebooks show it as matplotlib's player; the page shows it through
    # matplotlib_animations instead.
    "ignore_repr_types": r"matplotlib\.animation\.\w*Animation",
    "capture_repr": ("_repr_html_", "__repr__"),
    "first_notebook_cell": "%matplotlib inline",
    "image_scrapers": ("matplotlib",),
    "show_memory": False,
    "min_reported_time": 1,
    "junit": "../test-results/sphinx-gallery/junit.xml",
}

# -- Where the project lives ---------------------------------------------------
# The addresses are defined once, in pyproject.toml's [project.urls]. The
# site's own address comes from MLPVIZ_SITE_URL when set (a build for another
# host, or a test on a loopback address): the notebooks install mlpviz from
# the wheel published there (site_wheel, reader_notebooks).
PROJECT_URLS = dict(
    entry.split(", ", 1)
    for entry in metadata.metadata("mlpviz").get_all("Project-URL") or []
)
if not {"Repository", "Documentation"} <= PROJECT_URLS.keys():
    raise RuntimeError(
        "mlpviz's installed metadata lacks the project's URLs: reinstall it "
        "from this checkout (pip install -e .)"
    )
REPOSITORY_URL = PROJECT_URLS["Repository"]
html_baseurl = os.environ.get("MLPVIZ_SITE_URL") or PROJECT_URLS["Documentation"]
# |repository| is a link; |repository_url| the bare address, for commands: its
# escaped colon keeps docutils from making it a link the theme would shorten.
repository_text = REPOSITORY_URL.replace(":", "\\:", 1)
rst_epilog = f"""
.. |repository| replace:: {REPOSITORY_URL}
.. |repository_url| replace:: {repository_text}
"""

# -- HTML --------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "mlpviz: looking inside neural networks"
html_static_path = ["_static"]
html_css_files = ["mlpviz.css"]
html_theme_options = {
    "navbar_align": "left",
    "github_url": REPOSITORY_URL,
    "show_toc_level": 2,
    # The download links render only on example pages.
    "secondary_sidebar_items": ["page-toc", "sg_download_links"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_sidebars = {"index": [], "data": [], "install": []}
html_show_sourcelink = False
html_context = {"default_mode": "light"}
