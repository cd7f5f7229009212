"""mlpviz: look inside neural networks trained on handwritten digits.

Modules
-------
datasets
    Verified loaders for MNIST and Andrew Ng's digits rebuilt from it.
weights
    Pictures of the weights of a fitted network.
digits
    Grids of digit images with true and predicted labels.
evaluation
    Per-class success rates and what each class is mistaken for.
training
    Loss curves of several fitted networks.
activations
    The values every layer of a fitted MLP computes.
snapshots
    Snapshots of a network's weights and activations while it trains.
units
    What single hidden units respond to, and what they add to a decision.
predictions
    A classifier's most probable classes for single samples, as bars.
architecture
    Weights and biases counted from layer sizes and from fitted arrays.
feature_maps
    Kernels and feature maps of convolutional networks, from NumPy arrays.
"""

__version__ = "0.1.0"
