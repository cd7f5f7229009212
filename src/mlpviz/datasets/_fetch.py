"""Finding, downloading and verifying data files.

Files are looked for, in order, in the read-only folder named by
``MLPVIZ_DATA``, in the user's cache, and finally downloaded into the cache
from public mirrors. Whatever the source, a file is used only once the
SHA-256 of its decompressed content matches the registry.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pooch

from ._registry import CACHE_ENV, DATA_ENV, IDXFile

# (connect, read) seconds: fail fast when there is no network, never hang.
DOWNLOAD_TIMEOUT = (5, 60)


class DataIntegrityError(ValueError):
    """A data file whose content does not match its registered SHA-256."""


class DataUnavailableError(ConnectionError):
    """A data file that is neither on disk nor downloadable."""


@dataclass(frozen=True)
class VerifiedFile:
    """A data file whose decompressed content matched the registry."""

    path: Path
    content: bytes


def get_data_home(data_home: str | os.PathLike | None = None) -> Path:
    """Return the folder where mlpviz caches downloads and decompressed data.

    Parameters
    ----------
    data_home : str or path-like, optional
        Folder to use. By default the ``MLPVIZ_CACHE`` environment variable,
        else the user's cache folder (``pooch.os_cache("mlpviz")``, for
        instance ``~/.cache/mlpviz`` on Linux).

    Returns
    -------
    pathlib.Path
        The folder (not created here).
    """
    if data_home is None:
        data_home = os.environ.get(CACHE_ENV) or pooch.os_cache("mlpviz")
    return Path(data_home).expanduser()


def data_folder_from_env() -> Path | None:
    """Return the read-only data folder named by ``MLPVIZ_DATA``, if set."""
    value = os.environ.get(DATA_ENV)
    if not value:
        return None
    folder = Path(value).expanduser()
    if not folder.is_dir():
        raise NotADirectoryError(
            f"{DATA_ENV}={value!r} is not a folder. Point {DATA_ENV} at a folder "
            "that holds mnist/*.gz, or unset it to use the cache and downloads."
        )
    return folder


def gunzip(raw: bytes) -> tuple[bytes, str | None]:
    """Decompress gzip data as far as it goes.

    Returns the decompressed bytes and, when the data is damaged, a sentence
    saying how; a truncated file yields what could be decompressed.
    """
    chunks = []
    rest = raw
    try:
        while rest:
            decompressor = zlib.decompressobj(wbits=31)
            chunks.append(decompressor.decompress(rest))
            if not decompressor.eof:
                return b"".join(chunks), "its compressed data ends early (truncated)"
            rest = decompressor.unused_data
    except zlib.error as exc:
        return b"".join(chunks), f"it is not valid gzip data ({exc})"
    if not chunks:
        return b"", "it is empty"
    return b"".join(chunks), None


def verify_file(path: Path, entry: IDXFile, *, advice: str) -> VerifiedFile:
    """Decompress ``path`` and check its content against ``entry``.

    Raises
    ------
    DataIntegrityError
        Naming the file, the expected and the found SHA-256, and ``advice``.
    """
    content, damage = gunzip(path.read_bytes())
    found = hashlib.sha256(content).hexdigest()
    if damage is None and found == entry.content_sha256:
        return VerifiedFile(path=path, content=content)
    how = f" ({damage})" if damage else ""
    raise DataIntegrityError(
        f"{path} is corrupted{how}: the SHA-256 of its decompressed content is "
        f"{found}, expected {entry.content_sha256}. {advice}"
    )


def _download(entry: IDXFile, folder: Path, mirrors: Sequence[str]) -> Path:
    """Download ``entry`` into ``folder``; pooch checks the hash before moving."""
    failures = []
    downloader = pooch.HTTPDownloader(progressbar=True, timeout=DOWNLOAD_TIMEOUT)
    for mirror in mirrors:
        url = mirror + entry.name
        try:
            return Path(
                pooch.retrieve(
                    url,
                    known_hash=f"sha256:{entry.download_sha256}",
                    fname=entry.name,
                    path=folder,
                    downloader=downloader,
                )
            )
        except Exception as exc:
            failures.append(f"  {url}: {type(exc).__name__}: {exc}")
    raise DataUnavailableError(
        f"{entry.name} is not in the data folder or the cache, and it could not "
        "be downloaded:\n" + "\n".join(failures) + "\n"
        f"Without network access, set the environment variable {DATA_ENV} to a "
        f"folder that holds mnist/{entry.name} (verified by content hash), or "
        f"copy the file into {folder}."
    )


def fetch_files(
    dataset: str,
    registry: Mapping[str, IDXFile],
    *,
    mirrors: Sequence[str],
    data_home: str | os.PathLike | None = None,
) -> dict[str, VerifiedFile]:
    """Find or download every file of a dataset and verify its content.

    Parameters
    ----------
    dataset : str
        Sub-folder name of the dataset (``"mnist"``) in the data folder and
        the cache.
    registry : mapping of str to IDXFile
        The files to fetch, by key.
    mirrors : sequence of str
        Base URLs tried in order for missing files.
    data_home : str or path-like, optional
        Cache folder; see :func:`get_data_home`.

    Returns
    -------
    dict of str to VerifiedFile
        The verified files, by registry key.
    """
    data_folder = data_folder_from_env()
    cache_folder = get_data_home(data_home) / dataset
    verified = {}
    for key, entry in registry.items():
        if data_folder is not None and (data_folder / dataset / entry.name).is_file():
            path = data_folder / dataset / entry.name
            verified[key] = verify_file(
                path,
                entry,
                advice=(
                    f"Replace it with an intact copy, or unset {DATA_ENV} to "
                    "download the file instead. The folder is read-only to "
                    "mlpviz: nothing was changed there."
                ),
            )
            continue
        path = cache_folder / entry.name
        if path.is_file():
            try:
                verified[key] = verify_file(path, entry, advice="")
                continue
            except DataIntegrityError:
                # A damaged cached copy is ours to replace: download it again.
                path.unlink()
        cache_folder.mkdir(parents=True, exist_ok=True)
        path = _download(entry, cache_folder, mirrors)
        try:
            verified[key] = verify_file(
                path, entry, advice="The downloaded copy was deleted; try again later."
            )
        except DataIntegrityError:
            path.unlink(missing_ok=True)
            raise
    return verified
