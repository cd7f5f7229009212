"""Sphinx configuration of the mlpviz gallery site."""

import importlib.util
import os
import sys
from pathlib import Path

import pooch
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
if not CNN_EXTRA:
    tags.add("cnn_extra_missing")  # noqa: F821 - Sphinx provides `tags`
run_pattern = r"/plot_" if CNN_EXTRA else r"^(?!.*/convolutional/).*/plot_"

# The examples run in this process. Their networks are small, and more than
# one BLAS thread makes the fits several times slower (threads wait on each
# other), so BLAS gets one thread, as in the nox sessions.
threadpool_limits(limits=1, user_api="blas")

# JAX, for the Keras examples (which set KERAS_BACKEND themselves, as a
# reader must). XLA runs on one thread, as BLAS does: two examples share two
# cores, and the rounding of XLA's sums depends on its number of threads,
# which would otherwise be the machine's number of cores. The programs it
# compiles are kept in the user's cache (never next to the data), so that a
# rebuild does not compile them again.
os.environ.setdefault("PJRT_NPROC", "1")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false")
os.environ.setdefault(
    "JAX_COMPILATION_CACHE_DIR", str(pooch.os_cache("mlpviz") / "jax-compilation")
)
os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")

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
    "capture_repr": ("_repr_html_", "__repr__"),
    "first_notebook_cell": "%matplotlib inline",
    # Sphinx-Gallery's matplotlib scraper, after a check that every figure's
    # text stays legible at the page's column width.
    "image_scrapers": ("figure_legibility.checked_matplotlib_scraper",),
    "show_memory": False,
    "min_reported_time": 1,
    "junit": "../test-results/sphinx-gallery/junit.xml",
}

# -- HTML --------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "mlpviz: looking inside neural networks"
html_static_path = ["_static"]
html_css_files = ["mlpviz.css"]
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    # The download links render only on example pages.
    "secondary_sidebar_items": ["page-toc", "sg_download_links"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_sidebars = {"index": [], "data": []}
html_show_sourcelink = False
html_context = {"default_mode": "light"}
