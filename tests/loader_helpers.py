"""Tiny MNIST-like datasets, a loopback mirror and a child-process loader.

Shared by the loader's tests and their fixtures (``conftest.py``). The child
process entry point lives here, in a module of its own, so that processes
started with the "spawn" method can import it cheaply.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.server
import socket
import threading
import traceback
from pathlib import Path

import numpy as np

import mlpviz.datasets._mnist as mnist_module
from mlpviz.datasets import (
    DataIntegrityError,
    DataUnavailableError,
    IDXFormatError,
    load_mnist,
)
from mlpviz.datasets._registry import IDXFile

N_TRAIN, N_TEST = 6, 4
# The errors the loader documents; any other exception is a bug.
DOCUMENTED_ERRORS = (DataIntegrityError, DataUnavailableError, IDXFormatError)


def idx_bytes(array: np.ndarray, type_code: int = 0x08) -> bytes:
    """Encode an array as an IDX file (magic number, dimensions, payload)."""
    header = bytes([0, 0, type_code, array.ndim])
    dims = b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    return header + dims + array.astype(">u1").tobytes()


def register(name: str, content: bytes, compressed: bytes, shape) -> IDXFile:
    """The registry entry of a file with this content and these served bytes."""
    return IDXFile(
        name=name,
        content_sha256=hashlib.sha256(content).hexdigest(),
        download_sha256=hashlib.sha256(compressed).hexdigest(),
        shape=tuple(shape),
        content_size=len(content),
    )


def tiny_arrays() -> dict[str, np.ndarray]:
    """Ten random 28x28 images with labels: six for training, four for testing."""
    rng = np.random.default_rng(0)
    return {
        "train_images": rng.integers(0, 256, (N_TRAIN, 28, 28), dtype=np.uint8),
        "train_labels": np.arange(N_TRAIN, dtype=np.uint8) % 10,
        "test_images": rng.integers(0, 256, (N_TEST, 28, 28), dtype=np.uint8),
        "test_labels": (np.arange(N_TEST, dtype=np.uint8) + 3) % 10,
    }


def write_tiny_files(folder: Path, arrays) -> dict[str, IDXFile]:
    """Write the arrays as gzip-compressed IDX files; return their registry."""
    folder.mkdir(parents=True, exist_ok=True)
    registry = {}
    for key, array in arrays.items():
        content = idx_bytes(array)
        compressed = gzip.compress(content, mtime=0)
        (folder / f"{key}.gz").write_bytes(compressed)
        registry[key] = register(f"{key}.gz", content, compressed, array.shape)
    return registry


def expected_arrays(arrays) -> tuple[np.ndarray, np.ndarray]:
    """What ``load_mnist(return_X_y=True)`` must return for these arrays."""
    images = np.concatenate([arrays["train_images"], arrays["test_images"]])
    labels = np.concatenate([arrays["train_labels"], arrays["test_labels"]])
    return images.reshape(len(images), -1), labels.astype(np.int64)


def use_registry(registry, mirrors) -> None:
    """Point the MNIST loader at another registry and other mirrors."""
    mnist_module.MNIST_FILES = registry
    mnist_module.MNIST_MIRRORS = tuple(mirrors)


def free_port() -> int:
    """A loopback port that nothing listens on: connections fail at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_folder(folder: Path):
    """Serve ``folder`` over loopback HTTP; yield its base URL."""

    def handler(*args, **kwargs):
        return _QuietHandler(*args, directory=str(folder), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # A short poll interval: shutdown() waits for the loop's next poll.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def load_in_child(registry, mirrors, start, results) -> None:
    """Load the tiny dataset in a child process, once ``start`` lets all go.

    Puts ``("ok", data bytes, target bytes)``, ``("error", name, message)``
    for a documented error, or ``("crash", name, traceback)`` on ``results``.
    """
    use_registry(registry, mirrors)
    start.wait()
    try:
        data, target = load_mnist(return_X_y=True)
    except DOCUMENTED_ERRORS as exc:
        results.put(("error", type(exc).__name__, str(exc)))
    except BaseException as exc:
        results.put(("crash", type(exc).__name__, traceback.format_exc()))
    else:
        results.put(("ok", data.tobytes(), target.tobytes()))


def _arrays_digest(data: np.ndarray, target: np.ndarray) -> str:
    return hashlib.sha256(data.tobytes() + target.tobytes()).hexdigest()


def expected_digest(arrays) -> str:
    """The digest :func:`load_as_user` reports for a load of these arrays."""
    return _arrays_digest(*expected_arrays(arrays))


def load_as_user(registry, env: dict[str, str], *, mirrors=(), user=None) -> dict:
    """Load the tiny dataset in a child process, as ``user`` if given.

    Root ignores file permissions: a test running as root gives the id of
    an unprivileged user. That child is forked, not started afresh, so that
    it needs no access to the Python installation; without ``user`` the
    child is started afresh ("spawn"), as forking is unsafe on macOS and
    impossible on Windows.

    Returns
    -------
    dict
        ``outcome`` ("ok", "error" or "crash"), ``digest`` of the arrays,
        ``error`` (type and message) and ``warnings`` (their messages).
    """
    import multiprocessing

    context = multiprocessing.get_context("spawn" if user is None else "fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_load_as_user,
        args=(
            registry,
            env,
            list(mirrors) or [f"http://127.0.0.1:{free_port()}/"],
            user,
            sender,
        ),
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(120):
            raise AssertionError("the child process did not answer")
        return receiver.recv()
    finally:
        child.join(60)


def _load_as_user(registry, env, mirrors, user, results) -> None:
    import os
    import warnings

    if user is not None:
        os.setgroups([])
        os.setresgid(user, user, user)
        os.setresuid(user, user, user)
    os.environ.update(env)
    use_registry(registry, mirrors)
    report = {"outcome": "ok", "digest": None, "error": None}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            report["digest"] = _arrays_digest(*load_mnist(return_X_y=True))
        except DOCUMENTED_ERRORS as exc:
            report.update(outcome="error", error=f"{type(exc).__name__}: {exc}")
        except Exception:
            report.update(outcome="crash", error=traceback.format_exc())
    report["warnings"] = [str(warning.message) for warning in caught]
    results.send(report)


def write_then_hang(registry, folder, started) -> None:
    """Start writing the cache in ``folder``, then hang until killed."""
    import time

    import mlpviz.datasets._cache as cache_module

    def hang(stream, **arrays):
        stream.write(b"PK\x03\x04" + bytes(100_000))
        stream.flush()
        started.set()
        time.sleep(600)

    use_registry(registry, [])
    cache_module.np.savez = hang
    load_mnist(data_home=folder)
