"""Print how far apart the colours that must be told apart stay for readers
with a colour-vision deficiency, and save the figures as they would see them.

Usage: python benchmarks/colour_vision.py [docs/auto_examples] [output folder]

The three common deficiencies are simulated at their strongest (severity 100:
protanopia, deuteranopia, tritanopia) with colorspacious, which follows
Machado, Oliveira and Fernandes (2009). For each pair of colours a reader
must tell apart (the ends and the middle of the weight colour map, a right
and a wrong answer, the classes of the line example...) it prints their
distance in CAM02-UCS (colorspacious's ``deltaE``), seen normally and under
each simulation. About 1 is a just noticeable difference; a pair under
``MIN_DELTA_E`` is flagged: two such colours in thin bars or small labels
pass for one. The script exits with status 1 when a pair is flagged.

It then simulates one built figure per section (``nox -s docs`` first; a
missing figure is skipped) and a strip of every colour map and colour above,
and saves each as four panels side by side (normal, protan, deutan, tritan)
in the output folder, by default a new temporary one.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from colorspacious import cspace_convert, deltaE
from matplotlib.colors import to_rgb
from PIL import Image

from mlpviz import _colors  # the package's own colours

DEFAULT_GALLERY = Path(__file__).parents[1] / "docs" / "auto_examples"
DEFICIENCIES = {
    "protan": "protanomaly",
    "deutan": "deuteranomaly",
    "tritan": "tritanomaly",
}
SEVERITY = 100
# Our own bar, not a standard: well above noticing, below the pairs of a
# categorical palette such as tab10 (about 25 to 65 apart).
MIN_DELTA_E = 15.0
# One figure per section, chosen for the colours above that it shows.
SECTION_FIGURES = {
    "weights_as_images": "plot_longer_training_001",  # weight images
    "ng_digits": "plot_one_vs_rest_001",  # right and wrong labels
    "what_the_network_sees": "plot_confidence_and_mistakes_002",  # top-3 bars
    "inside_the_network": "plot_activations_on_a_line_002",  # classes A and B
    "convolutional": "plot_cnn_kernels_and_maps_001",  # kernels
}


def _cmap(name, value):
    return plt.get_cmap(name)(value)[:3]


# Pairs a reader must tell apart: (what, colour, colour).
PAIRS = [
    ("weights: negative end / positive end", _cmap(_colors.WEIGHT_CMAP, 0.0),
     _cmap(_colors.WEIGHT_CMAP, 1.0)),
    ("weights: half negative / half positive", _cmap(_colors.WEIGHT_CMAP, 0.25),
     _cmap(_colors.WEIGHT_CMAP, 0.75)),
    ("weights: negative end / zero", _cmap(_colors.WEIGHT_CMAP, 0.0),
     _cmap(_colors.WEIGHT_CMAP, 0.5)),
    ("weights: positive end / zero", _cmap(_colors.WEIGHT_CMAP, 1.0),
     _cmap(_colors.WEIGHT_CMAP, 0.5)),
    ("activations: low / middle", _cmap(_colors.ACTIVATION_CMAP, 0.0),
     _cmap(_colors.ACTIVATION_CMAP, 0.5)),
    ("activations: middle / high", _cmap(_colors.ACTIVATION_CMAP, 0.5),
     _cmap(_colors.ACTIVATION_CMAP, 1.0)),
    ("answers: correct / mistake", to_rgb(_colors.CORRECT_COLOR),
     to_rgb(_colors.MISTAKE_COLOR)),
    ("answers: correct / other class", to_rgb(_colors.CORRECT_COLOR),
     to_rgb(_colors.OTHER_COLOR)),
    ("answers: mistake / other class", to_rgb(_colors.MISTAKE_COLOR),
     to_rgb(_colors.OTHER_COLOR)),
    # Colours set by the examples themselves.
    ("line example: class A / class B", to_rgb("tab:orange"), to_rgb("tab:blue")),
    ("confidence example: right / wrong", to_rgb("tab:blue"), to_rgb("tab:red")),
]  # fmt: skip


def simulate(rgb, deficiency: str) -> np.ndarray:
    """sRGB values in [0, 1] (any shape ending in 3) as the deficiency shows them."""
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": SEVERITY}
    return np.clip(cspace_convert(np.asarray(rgb, dtype=float), space, "sRGB1"), 0, 1)


def distances() -> tuple[list[str], list[list[float]]]:
    """For each pair: its distance seen normally, then under each deficiency."""
    names, rows = [], []
    for name, first, second in PAIRS:
        row = [deltaE(first, second, input_space="sRGB1")]
        for deficiency in DEFICIENCIES.values():
            row.append(
                deltaE(
                    simulate(first, deficiency),
                    simulate(second, deficiency),
                    input_space="sRGB1",
                )
            )
        names.append(name)
        rows.append([float(value) for value in row])
    return names, rows


def simulated_panels(image: Image.Image) -> Image.Image:
    """The image and its three simulations side by side, labelled above."""
    rgb = np.asarray(image.convert("RGB"), dtype=float) / 255
    # Plots have few colours: simulate each once.
    colours, inverse = np.unique(rgb.reshape(-1, 3), axis=0, return_inverse=True)
    panels = [rgb]
    for deficiency in DEFICIENCIES.values():
        panels.append(simulate(colours, deficiency)[inverse].reshape(rgb.shape))
    height, width = rgb.shape[:2]
    fig = plt.figure(figsize=(4 * width / 100, (height + 40) / 100), dpi=100)
    for number, (panel, title) in enumerate(
        zip(panels, ["normal", *DEFICIENCIES], strict=True)
    ):
        ax = fig.add_axes([number / 4, 0, 1 / 4, height / (height + 40)])
        ax.imshow(panel, interpolation="nearest")
        ax.set_axis_off()
        fig.text((number + 0.5) / 4, 1 - 20 / (height + 40), title, ha="center",
                 va="center", fontsize=14)  # fmt: skip
    fig.canvas.draw()
    combined = Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).convert("RGB")
    plt.close(fig)
    return combined


def swatches() -> Image.Image:
    """A strip of each colour map and each pair of colours, drawn afresh."""
    fig, axes = plt.subplots(
        len(PAIRS) + 2, 1, figsize=(6, 0.4 * (len(PAIRS) + 2)), layout="constrained"
    )
    gradient = np.linspace(0, 1, 256)[None, :]
    for ax, name in zip(axes, [_colors.WEIGHT_CMAP, _colors.ACTIVATION_CMAP]):
        ax.imshow(gradient, aspect="auto", cmap=name)
        ax.set_title(name, fontsize=8, loc="left")
    for ax, (name, first, second) in zip(axes[2:], PAIRS, strict=True):
        ax.imshow([[first, second]], aspect="auto")
        ax.set_title(name, fontsize=8, loc="left")
    for ax in axes:
        ax.set_axis_off()
    fig.canvas.draw()
    image = Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).convert("RGB")
    plt.close(fig)
    return image


def main(gallery: Path, output: Path) -> int:
    names, rows = distances()
    width = max(map(len, names))
    header = "".join(f"{name:>9}" for name in ["normal", *DEFICIENCIES])
    print(f"CAM02-UCS distance (deltaE) at severity {SEVERITY}; flagged below "
          f"{MIN_DELTA_E:g}")  # fmt: skip
    print(f"{'pair':<{width}} {header}{'least':>9}")
    flagged = []
    for name, row in zip(names, rows, strict=True):
        least = min(row[1:])
        mark = "  <-- too close" if least < MIN_DELTA_E else ""
        cells = "".join(f"{value:9.1f}" for value in row)
        print(f"{name:<{width}} {cells}{least:9.1f}{mark}")
        if mark:
            flagged.append(name)
    # A colour map must also keep its order: its lightness (J') rises or
    # falls steadily along the map, as everyone sees it.
    for name in (_colors.WEIGHT_CMAP, _colors.ACTIVATION_CMAP):
        samples = plt.get_cmap(name)(np.linspace(0, 1, 9))[:, :3]
        for label in ["normal", *DEFICIENCIES]:
            seen = samples if label == "normal" else simulate(
                samples, DEFICIENCIES[label])  # fmt: skip
            lightness = cspace_convert(seen, "sRGB1", "CAM02-UCS")[:, 0]
            steps = np.diff(lightness)
            if name == _colors.WEIGHT_CMAP:  # light in the middle, dark at both ends
                steps = np.concatenate([steps[:4], -steps[4:]])
            if not all(step > 0 for step in steps) and not all(
                step < 0 for step in steps
            ):
                flagged.append(f"{name} lightness order ({label})")
                print(f"{name}: lightness not monotonic ({label}): "
                      f"{np.round(lightness, 1).tolist()}")  # fmt: skip

    output.mkdir(parents=True, exist_ok=True)
    simulated_panels(swatches()).save(output / "colours.png")
    saved = ["colours.png"]
    for section, name in SECTION_FIGURES.items():
        path = gallery / section / "images" / f"sphx_glr_{name}.png"
        if not path.is_file():
            print(f"skipped {section}: {path} not built (nox -s docs)")
            continue
        with Image.open(path) as image:
            simulated_panels(image).save(output / f"{name}.png")
        saved.append(f"{name}.png")
    print(f"saved in {output}: {', '.join(saved)}")
    if flagged:
        print(f"too close for some readers: {'; '.join(flagged)}")
        return 1
    return 0


if __name__ == "__main__":
    gallery = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_GALLERY
    output = (
        Path(sys.argv[2])
        if len(sys.argv) > 2
        else Path(tempfile.mkdtemp(prefix="colour-vision-"))
    )
    sys.exit(main(gallery, output))
