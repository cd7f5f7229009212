"""The order in which a reader meets the examples of each section.

Sphinx-Gallery sorts a section's examples with a key class; file names or
titles would not give a reading order, so it is listed here.
"""

from pathlib import Path

READING_ORDER = (
    # Weights as images
    "plot_mnist_filters",
    "plot_longer_training",
    # What the network sees
    "plot_watch_filters_form",
    "plot_what_excites_a_unit",
    "plot_one_digits_decision",
    "plot_confidence_and_mistakes",
    # Ng's digits
    "plot_ng_digits_data",
    "plot_one_vs_rest",
    "plot_mlp_learning_rate",
    "plot_overfitting",
    "plot_learning_strategies",
    "plot_ng_weights",
    # Inside the network
    "plot_activations_on_a_line",
    "plot_lesson_mlps",
    # Convolutional networks
    "plot_cnn_kernels_and_maps",
    "plot_cnn_vs_mlp_parameters",
)


class ReadingOrder:
    """Sort key: listed examples in reading order, then any others by name."""

    def __init__(self, src_dir=None):
        self.src_dir = src_dir

    def __call__(self, filename) -> tuple[int, str]:
        stem = Path(filename).stem
        if stem in READING_ORDER:
            return READING_ORDER.index(stem), stem
        return len(READING_ORDER), stem

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


# Mini-galleries take a callable, not a class.
reading_order_key = ReadingOrder()
