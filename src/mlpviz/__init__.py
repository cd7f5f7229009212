"""mlpviz: look inside neural networks trained on handwritten digits.

Modules
-------
datasets
    Verified loaders for MNIST and Andrew Ng's digits rebuilt from it.
inspection
    What a fitted MLP holds and computes: its weights, the values of every
    layer, what single units respond to and add to a decision.
images
    Pictures of images: digit grids, weights as images, weight matrices,
    convolution kernels and feature maps.
evaluation
    What a classifier says and how well it does: per-class success rates,
    mistakes, its most probable classes for single samples.
training
    How a network trains: loss curves, and snapshots of its weights and
    activations while it trains.
architecture
    Weights and biases counted from layer sizes and from fitted arrays.
"""

__version__ = "0.1.0"
