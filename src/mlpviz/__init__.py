"""mlpviz: look inside neural networks trained on handwritten digits.

Modules
-------
datasets
    Verified loaders for MNIST and the datasets derived from it.
weights
    Pictures of the weights of a fitted network.
"""

__version__ = "0.1.0"
