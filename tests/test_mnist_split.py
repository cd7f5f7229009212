"""MNIST scaled to [0, 1] in its official split, as rows or as 28x28x1 images."""

import subprocess
import sys

import numpy as np
import pytest
from sklearn.utils import Bunch

import mlpviz.datasets._split as split_module
from mlpviz.datasets import N_TRAIN, load_mnist_split

N_FAKE_TRAIN, N_FAKE_TEST = 6, 4


@pytest.fixture
def fake_mnist(monkeypatch):
    """Ten small images served by ``load_mnist``, six of them "training" images."""
    rng = np.random.default_rng(0)
    n = N_FAKE_TRAIN + N_FAKE_TEST
    pixels = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    pixels[0, 0, 0], pixels[0, 0, 1] = 0, 255
    bunch = Bunch(images=pixels, data=pixels.reshape(n, -1), target=np.arange(n) % 10)
    calls = []

    def fake_load_mnist(**kwargs):
        calls.append(kwargs)
        return bunch

    monkeypatch.setattr(split_module, "load_mnist", fake_load_mnist)
    monkeypatch.setattr(split_module, "N_TRAIN", N_FAKE_TRAIN)
    return {"bunch": bunch, "calls": calls}


def test_official_split_scaled_with_a_channel_axis(fake_mnist):
    bunch = fake_mnist["bunch"]
    (X_train, y_train), (X_test, y_test) = load_mnist_split(images=True)
    assert X_train.shape == (N_FAKE_TRAIN, 28, 28, 1)
    assert X_test.shape == (N_FAKE_TEST, 28, 28, 1)
    assert X_train.dtype == X_test.dtype == np.float32
    np.testing.assert_array_equal(y_train, bunch.target[:N_FAKE_TRAIN])
    np.testing.assert_array_equal(y_test, bunch.target[N_FAKE_TRAIN:])
    expected = bunch.images.astype(np.float32) / 255
    np.testing.assert_array_equal(X_train[..., 0], expected[:N_FAKE_TRAIN])
    np.testing.assert_array_equal(X_test[..., 0], expected[N_FAKE_TRAIN:])
    assert X_train[0, 0, 0, 0] == 0.0 and X_train[0, 0, 1, 0] == 1.0


def test_rows_of_pixels_by_default(fake_mnist):
    bunch = fake_mnist["bunch"]
    (X_train, y_train), (X_test, y_test) = load_mnist_split()
    assert X_train.shape == (N_FAKE_TRAIN, 784)
    assert X_test.shape == (N_FAKE_TEST, 784)
    assert X_train.dtype == np.float32
    expected = bunch.data.astype(np.float32) / 255
    np.testing.assert_array_equal(np.concatenate([X_train, X_test]), expected)
    np.testing.assert_array_equal(np.concatenate([y_train, y_test]), bunch.target)


def test_other_float_type_and_data_home_are_passed_on(fake_mnist, tmp_path):
    (X_train, _), (X_test, _) = load_mnist_split(
        images=True, data_home=tmp_path, dtype="float64"
    )
    assert X_train.dtype == X_test.dtype == np.float64
    assert fake_mnist["calls"] == [{"data_home": tmp_path}]


@pytest.mark.parametrize("dtype", ["uint8", int, "bool"])
def test_non_float_dtype_is_refused_before_loading(fake_mnist, dtype):
    with pytest.raises(ValueError, match="floating-point type"):
        load_mnist_split(images=True, dtype=dtype)
    assert fake_mnist["calls"] == []


def test_importing_the_loader_needs_no_deep_learning_framework():
    code = (
        "import sys, mlpviz.datasets; "
        "print(sorted({'keras', 'jax', 'tensorflow', 'torch'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_real_mnist(mnist):
    (X_train, y_train), (X_test, y_test) = load_mnist_split(images=True)
    assert X_train.shape == (N_TRAIN, 28, 28, 1)
    assert X_test.shape == (len(mnist.target) - N_TRAIN, 28, 28, 1)
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    np.testing.assert_array_equal(X_test[-1, ..., 0] * 255, mnist.images[-1])
    np.testing.assert_array_equal(np.concatenate([y_train, y_test]), mnist.target)
    (rows, _), _ = load_mnist_split()
    np.testing.assert_array_equal(rows, X_train.reshape(N_TRAIN, -1))


def test_train_size_keeps_the_first_training_images(fake_mnist, monkeypatch):
    monkeypatch.setenv("MLPVIZ_TRAIN_SIZE", "4")
    (X_train, y_train), (X_test, y_test) = load_mnist_split()
    everything = fake_mnist["bunch"].data.astype(np.float32) / 255
    np.testing.assert_array_equal(X_train, everything[:4])
    np.testing.assert_array_equal(y_train, fake_mnist["bunch"].target[:4])
    assert len(X_test) == len(y_test) == N_FAKE_TEST


@pytest.mark.parametrize("value", ["0", "-3", "ten", "7", "2.5"])
def test_train_size_that_is_no_number_of_images(fake_mnist, monkeypatch, value):
    monkeypatch.setenv("MLPVIZ_TRAIN_SIZE", value)
    with pytest.raises(ValueError, match=r"MLPVIZ_TRAIN_SIZE=.* from 1 to 6"):
        load_mnist_split()
