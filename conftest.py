"""Settings for every test pytest collects, the doctests of src/mlpviz included."""

import matplotlib
import pytest

# Draw without a screen, and never open windows, wherever the suite runs.
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    import matplotlib.pyplot as plt

    yield
    plt.close("all")
