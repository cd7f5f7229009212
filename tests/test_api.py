"""The API reference documents every public name of mlpviz, and nothing else."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import mlpviz

API_PAGE = Path(__file__).parents[1] / "docs" / "api.rst"


def public_modules():
    return sorted(
        info.name
        for info in pkgutil.walk_packages(mlpviz.__path__, prefix="mlpviz.")
        if not any(part.startswith("_") for part in info.name.split("."))
    )


def documented_names():
    """``{module: {names}}`` from the autosummary and data entries of api.rst."""
    documented, module, in_autosummary = {}, None, False
    for line in API_PAGE.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"\.\. currentmodule:: (\S+)", line):
            module = match.group(1)
            documented.setdefault(module, set())
        elif line.startswith(".. autosummary::"):
            in_autosummary = True
        elif match := re.match(r"\.\. data:: (\w+)", line):
            documented[module].add(match.group(1))
        elif in_autosummary and re.match(r"   \w+$", line):
            documented[module].add(line.strip())
        elif line and not line.startswith(" "):
            in_autosummary = False
    return documented


@pytest.mark.parametrize("name", public_modules())
def test_every_public_module_declares_existing_names(name):
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    missing = [attr for attr in module.__all__ if not hasattr(module, attr)]
    assert not missing, f"{name}.__all__ names what it lacks: {missing}"


def test_api_reference_lists_every_public_name_and_nothing_else():
    documented = documented_names()
    assert sorted(documented) == public_modules()
    for name, names in documented.items():
        assert names == set(importlib.import_module(name).__all__), name


def test_documented_constant_values_are_true():
    text = API_PAGE.read_text(encoding="utf-8")
    value = re.search(r"\.\. data:: N_TRAIN\n(?:   :.*\n)*?   :value: (\d+)", text)
    assert int(value.group(1)) == mlpviz.datasets.N_TRAIN
