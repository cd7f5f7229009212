"""Two clean builds in folders with different names give the same site.

The quick check of the promise "every build gives the same numbers and
figures": the tiny gallery, then two real examples, each built twice from
scratch at the same time in two differently named folders, compared byte for
byte (running-time lines aside) with docs/compare_builds.py. The whole site is
compared the same way by ``nox -s reproducible``.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from tiny_gallery import TinyProject

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "docs"))
from compare_builds import differences, site_files  # noqa: E402

pytestmark = pytest.mark.gallery_build

# Quick real examples: Ng's digits and the weights of a network trained on them.
REAL_EXAMPLES = ("ng_digits/plot_ng_digits_data.py", "ng_digits/plot_ng_weights.py")
SOURCE_DATE_EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC


def build_twice(project: TinyProject, tmp_path: Path) -> tuple[Path, Path]:
    """Build copies of ``project`` in two differently named folders."""
    first = project.copy(tmp_path / "first" / "site")
    second = project.copy(tmp_path / "another-folder" / "site-copy")
    env = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    running = [first.start_build(env=env), second.start_build(env=env)]
    for build in running:
        result = build.wait()
        assert result.returncode == 0, result.output
    return first.html, second.html


def test_the_tiny_gallery_builds_to_the_same_bytes(tmp_path):
    project = TinyProject(tmp_path / "sources", pycache=tmp_path / "pycache")
    first, second = build_twice(project, tmp_path)
    assert not differences(site_files(first), site_files(second))
    # The zips are dated SOURCE_DATE_EPOCH, whatever the files' times.
    downloads = sorted(first.glob("_downloads/*/*.zip"))
    assert len(downloads) == 5  # three examples, and all scripts / notebooks
    for download in downloads:
        with zipfile.ZipFile(download) as archive:
            names = archive.namelist()
            assert names == sorted(names)
            for info in archive.infolist():
                assert info.date_time == (2023, 11, 14, 22, 13, 20)


def test_real_examples_build_to_the_same_bytes(tmp_path, mnist):
    project = TinyProject(tmp_path / "sources", pycache=tmp_path / "pycache")
    for example in REAL_EXAMPLES:
        target = project.root / "gallery" / "real" / Path(example).name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / "gallery" / example, target)
    project.write("gallery/real/README.rst", "Real examples\n-------------\n")
    first, second = build_twice(project, tmp_path)
    first_files = site_files(first)
    assert not differences(first_files, site_files(second))
    figures = [
        name for name in first_files if name.startswith("_images/sphx_glr_plot_ng")
    ]
    assert len(figures) >= 4, figures
