"""Sphinx configuration of the mlpviz gallery site."""

import importlib.util
import os
import sys
from importlib import metadata
from pathlib import Path

import mlpviz
from mlpviz.datasets import get_data_home

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
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_copybutton",
    # Before Sphinx-Gallery: sphinx-sitemap forks a multiprocessing manager
    # when the builder starts, which must happen before any example has left
    # threads alive in this process (JAX's, in a build with one process).
    "sphinx_sitemap",
    "sphinx_gallery.gen_gallery",
    "offline_intersphinx",
    "stale_examples",
    "figure_legibility",
    "site_wheel",
    "reader_notebooks",
    "cnn_extra_note",
    "stale_outputs",
    "reproducible_build",
]

templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "auto_examples/*.ipynb",
    "**.ipynb_checkpoints",
    # Left by builds that still wrote execution times (see the gallery's
    # write_computation_times): not published.
    "sg_execution_times.rst",
    "auto_examples/**/sg_execution_times.rst",
    "auto_examples/sg_execution_times.rst",
]

# -- API reference -----------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
default_role = "literal"

# -- Links to other projects' documentation ----------------------------------
# Left out when MLPVIZ_OFFLINE=1 asks for a build without network access
# (offline_intersphinx).
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

# JAX, for the Keras examples (which set KERAS_BACKEND themselves, as a
# reader must). XLA runs on one thread, as BLAS does: two examples share two
# cores, and the rounding of XLA's sums depends on its number of threads,
# which would otherwise be the machine's number of cores. The programs it
# compiles are kept in the user's cache (never next to the data), so that a
# rebuild does not compile them again.
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
    "within_subsection_order": "gallery_order.ReadingOrder",
    "minigallery_sort_order": "gallery_order.reading_order_key",
    "filename_pattern": run_pattern,
    "doc_module": ("mlpviz",),
    "backreferences_dir": "gen_modules/backreferences",
    "remove_config_comments": True,
    # Animations as H.264 video with the browser's own controls (play and a
    # scrubber), encoded at twice their pixels (gallery_scraper); figures
    # with a 2x copy for hi-dpi screens.
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
    # An example leaves its animation as a cell's last expression, so that
    # notebooks show it as matplotlib's player; the page shows it through
    # matplotlib_animations instead.
    "ignore_repr_types": r"matplotlib\.animation\.\w*Animation",
    "first_notebook_cell": "%matplotlib inline",
    # Sphinx-Gallery's matplotlib scraper, after a check that every figure's
    # text stays legible at the page's column width (figure_legibility), with
    # alt texts from all the figure's titles and hi-dpi videos (gallery_scraper).
    "image_scrapers": ("gallery_scraper.site_scraper",),
    "min_reported_time": 1,
    # Run the examples of a section in as many worker processes as
    # sphinx-build's -j gives (nox -s docs passes -j auto). Each worker keeps
    # to one BLAS and one XLA thread (above, and the nox sessions' environment),
    # and no example runs in the Sphinx process, so no thread it started is
    # alive when Sphinx forks its own workers for reading and writing.
    "parallel": True,
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
html_show_sourcelink = False
# Light or dark as the reader's system prefers: figures read well in both.
html_context = {"default_mode": "auto"}

# -- The site as readers meet it: phone, hi-dpi, dark mode, offline ----------
# site_html: escaped alt texts, labelled videos, lazy thumbnails, tag links,
# API titles that wrap. gallery_figure: the landing page's hero figure, taken
# from the gallery, and each page's preview-card image. light_images: 256-colour
# gallery PNGs, for the page-weight budget. Preview cards
# (opengraph) and the sitemap need absolute URLs, built from html_baseurl.
extensions += [
    "sphinxext.opengraph",
    "site_html",
    "gallery_figure",
    "light_images",
]
hero_figure = ("weights_as_images/plot_longer_training", 1)
ogp_site_url = html_baseurl
ogp_site_name = "mlpviz"
ogp_social_cards = {"enable": False}  # drawn with matplotlib for every page: slow
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "py-modindex.html", "_modules/*"]


# -- Build-time settings -----------------------------------------------------
def limit_blas_threads(app):
    """Give BLAS one thread while the examples run in this process.

    Their networks are small, and more threads make the fits several times
    slower (threads wait on each other). Set here, not when conf.py is
    imported, so that importing it (as the tests do) changes nothing.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def setup(app):
    # Before Sphinx-Gallery runs the examples (builder-inited, priority 500).
    app.connect("builder-inited", limit_blas_threads, priority=50)
