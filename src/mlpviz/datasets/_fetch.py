"""Finding, downloading and verifying data files.

Files are looked for, in order, in the read-only folder named by
``MLPVIZ_DATA``, in the user's cache, and finally downloaded into the cache
from the copy at ``MLPVIZ_DATA_URL`` (if set) and then from public mirrors.
Whatever the source, a file is used only once the SHA-256 of its
decompressed content matches the registry.

In a browser (Pyodide) only the copy at ``MLPVIZ_DATA_URL`` is tried, and
only the transport differs: the mirrors send no CORS headers, and there are
no sockets for pooch. Everything after the bytes arrive is the same code.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ._files import (
    create_temporary,
    describe_unreadable,
    describe_unwritable,
    move_aside,
    open_regular_file,
    remove_quietly,
    remove_stale_temporaries,
    rename,
)
from ._registry import CACHE_ENV, DATA_ENV, DATA_URL_ENV, IDXFile
from ._verify import (
    CHUNK,
    VerificationFailed,
    read_verified_file,
    read_verified_gzip,
    size_limit,
)

# (connect, read) seconds: fail fast when there is no network, never hang.
DOWNLOAD_TIMEOUT = (5, 60)
BROWSER = sys.platform == "emscripten"


class DataIntegrityError(ValueError):
    """A data file whose content does not match its registered SHA-256."""


class DataUnavailableError(ConnectionError):
    """A data file that is neither on disk nor downloadable."""


@dataclass(frozen=True)
class VerifiedFile:
    """A data file whose decompressed content matched the registry.

    Attributes
    ----------
    path : pathlib.Path or None
        Where the file is kept: in the data folder or the cache. None for a
        download that could not be stored in the cache.
    content : memoryview
        The decompressed content, read-only.
    """

    path: Path | None
    content: memoryview


def get_data_home(data_home: str | os.PathLike | None = None) -> Path:
    """Return the folder where mlpviz caches downloads and decompressed data.

    Parameters
    ----------
    data_home : str or path-like, optional
        Folder to use. By default the ``MLPVIZ_CACHE`` environment variable,
        else the user's cache folder (``pooch.os_cache("mlpviz")``):
        ``~/.cache/mlpviz`` on Linux, ``~/Library/Caches/mlpviz`` on macOS,
        ``%LOCALAPPDATA%\\mlpviz\\mlpviz\\Cache`` on Windows.

    Returns
    -------
    pathlib.Path
        The folder (not created here).
    """
    if data_home is None:
        data_home = os.environ.get(CACHE_ENV)
    if not data_home:
        # pooch.os_cache's folder, without importing pooch: it takes a tenth
        # of a second, and in Jupyter its progress bar warns (see _download).
        import platformdirs

        data_home = platformdirs.user_cache_dir("mlpviz")
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


def download_sources(dataset: str, mirrors: Sequence[str]) -> list[str]:
    """The base URLs to download ``dataset``'s files from, in order.

    The copy at ``MLPVIZ_DATA_URL`` first; in a browser, only that one.
    """
    value = os.environ.get(DATA_URL_ENV)
    if not value:
        return list(mirrors)
    if not value.startswith(("http://", "https://")):
        raise ValueError(
            f"{DATA_URL_ENV}={value!r} is not an http(s) address. Set it to the "
            f"address of a folder that holds {dataset}/*.gz (such as "
            "https://mlpviz.github.io/mlpviz/data/), or unset it."
        )
    copy = f"{value.rstrip('/')}/{dataset}/"
    return [copy] if BROWSER else [copy, *mirrors]


def _browser_get(url: str, writer, pooch=None) -> None:
    """Download ``url`` into ``writer`` in Pyodide, which has no sockets.

    Called as pooch calls its downloaders. A synchronous XMLHttpRequest:
    allowed in the kernel's web worker, and it gives bytes
    (pyodide.http.open_url gives text, pyfetch is async).
    """
    from js import XMLHttpRequest

    request = XMLHttpRequest.new()
    request.open("GET", url, False)
    request.responseType = "arraybuffer"
    request.send()
    if request.status != 200:
        raise OSError(f"HTTP {request.status} {request.statusText}".strip())
    writer.write(request.response.to_bytes())


def _expectation(entry: IDXFile) -> str:
    return (
        f"Its decompressed content should be {entry.content_size:,} bytes with "
        f"SHA-256 {entry.content_sha256}."
    )


class _TooLarge(Exception):
    pass


class _CappedWriter:
    """A binary stream that refuses to grow past ``limit`` bytes."""

    def __init__(self, stream, limit: int):
        self._stream = stream
        self._left = limit

    def write(self, data: bytes) -> int:
        self._left -= len(data)
        if self._left < 0:
            raise _TooLarge
        return self._stream.write(data)

    def flush(self) -> None:
        self._stream.flush()


def _sha256_of(stream) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


class _MirrorFailed(Exception):
    pass


def _download(url: str, entry: IDXFile, descriptor: int, exact: bool) -> memoryview:
    """Download ``url`` into the open file ``descriptor`` and verify it.

    The file is closed on return. ``exact``: the source serves the registered
    ``.gz`` bytes (a mirror), else only the registered content (a copy of a
    data folder, at ``MLPVIZ_DATA_URL``, compressed by any tool).

    Raises
    ------
    _MirrorFailed
        If the mirror cannot be reached or serves other bytes than
        registered: the next mirror may do better.
    DataIntegrityError
        If the served file has the registered SHA-256 but its content fails
        verification: the registry itself is wrong.
    """
    if BROWSER:
        downloader = _browser_get
    else:
        with warnings.catch_warnings():
            # pooch imports tqdm.auto, which warns in a Jupyter kernel without
            # ipywidgets ("IProgress not found") and then draws its text
            # progress bar, which serves as well.
            warnings.filterwarnings("ignore", message="IProgress not found")
            import pooch

        downloader = pooch.HTTPDownloader(
            progressbar=True, chunk_size=CHUNK, timeout=DOWNLOAD_TIMEOUT
        )

    limit = size_limit(entry)
    with os.fdopen(descriptor, "w+b") as stream:
        try:
            downloader(url, _CappedWriter(stream, limit), None)
        except _TooLarge:
            raise _MirrorFailed(
                f"served more than {limit:,} bytes, more than the file can be; "
                "the download was stopped"
            ) from None
        except Exception as exc:
            raise _MirrorFailed(f"{type(exc).__name__}: {exc}") from None
        stream.flush()
        found = _sha256_of(stream)
        if exact and found != entry.download_sha256:
            raise _MirrorFailed(
                f"served a file whose SHA-256 is {found}, expected "
                f"{entry.download_sha256}"
            )
        stream.seek(0)
        try:
            return read_verified_gzip(stream, entry)
        except VerificationFailed as failure:
            if not exact:
                raise _MirrorFailed(f"served a damaged copy: {failure}") from None
            raise DataIntegrityError(
                f"{url} served the registered file (SHA-256 "
                f"{entry.download_sha256}), but it failed verification: "
                f"{failure}. {_expectation(entry)} The registry of mlpviz is "
                "inconsistent: please report this. Nothing was stored."
            ) from None


def _temporary_for(target: Path) -> tuple[int, Path, str | None]:
    """A temporary file next to ``target``, else in the system's temporary folder.

    Returns its descriptor, its path, and why the cache cannot be written
    (None if it can).
    """
    try:
        return (*create_temporary(target), None)
    except OSError as exc:
        reason = describe_unwritable(target.parent, exc)
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp")
    return descriptor, Path(name), reason


def _store(
    temporary: Path,
    target: Path,
    *,
    unwritable: str | None,
    damaged: os.stat_result | None,
    notices: list[str],
) -> bool:
    """Move a verified download into the cache; return whether it is there.

    A damaged copy in the way is moved aside first, never deleted.
    ``notices`` receives what the user must be told.
    """
    aside = None
    if damaged is not None and unwritable is None:
        try:
            aside = move_aside(target, damaged)
        except OSError as exc:
            unwritable = describe_unwritable(target, exc)
    if unwritable is None:
        try:
            rename(temporary, target, replace=True)
        except OSError as exc:
            unwritable = describe_unwritable(target, exc)
        else:
            if aside is not None:
                notices.append(
                    f"{target} was damaged: it was moved aside to {aside} and "
                    "replaced with a fresh download. Delete the old copy if you "
                    "do not need it."
                )
            return True
    remove_quietly(temporary)
    if aside is not None:
        kept = f" (the damaged copy was moved aside to {aside})"
    elif damaged is not None:
        kept = " (the damaged copy there was left in place)"
    else:
        kept = ""
    notices.append(
        f"The download of {target.name} could not be stored as {target}: "
        f"{unwritable}{kept}. It will be downloaded again next time."
    )
    return False


def _fetch_one(
    entry: IDXFile,
    *,
    dataset: str,
    data_folder: Path | None,
    cache_folder: Path,
    mirrors: Sequence[str],
    copy: str | None,
    notices: list[str],
) -> VerifiedFile:
    """Find, download or refuse one file; see :func:`fetch_files`."""
    searched = []
    if data_folder is None:
        searched.append(f"  {DATA_ENV} is not set")
    else:
        data_path = data_folder / dataset / entry.name
        try:
            with open_regular_file(data_path) as stream:
                return VerifiedFile(data_path, read_verified_file(stream, entry))
        except OSError as exc:
            searched.append(
                f"  {data_path} ({DATA_ENV}): {describe_unreadable(data_path, exc)}"
            )
        except VerificationFailed as failure:
            raise DataIntegrityError(
                f"{data_path} is damaged: {failure}. {_expectation(entry)} "
                f"Replace it with an intact copy, or unset {DATA_ENV} to use the "
                "cache and downloads instead. The folder is read-only to mlpviz: "
                "nothing was changed there."
            ) from None

    cache_path = cache_folder / entry.name
    damaged = damage = None
    try:
        with open_regular_file(cache_path) as stream:
            identity = os.fstat(stream.fileno())
            return VerifiedFile(cache_path, read_verified_file(stream, entry))
    except OSError as exc:
        searched.append(
            f"  {cache_path} (cache): {describe_unreadable(cache_path, exc)}"
        )
    except VerificationFailed as failure:
        damaged, damage = identity, str(failure)
        searched.append(f"  {cache_path} (cache): damaged: {failure}")

    for mirror in mirrors:
        url = mirror + entry.name
        descriptor, temporary, unwritable = _temporary_for(cache_path)
        try:
            content = _download(url, entry, descriptor, exact=mirror != copy)
        except _MirrorFailed as failure:
            remove_quietly(temporary)
            searched.append(f"  {url}: {failure}")
            continue
        except BaseException:
            remove_quietly(temporary)
            raise
        stored = _store(
            temporary,
            cache_path,
            unwritable=unwritable,
            damaged=damaged,
            notices=notices,
        )
        return VerifiedFile(cache_path if stored else None, content)

    if damaged is not None:
        raise DataIntegrityError(
            f"{cache_path} is damaged: {damage}. {_expectation(entry)} It was "
            "left in place, and no intact copy could be found or downloaded:\n"
            + "\n".join(searched)
            + f"\nReplace {cache_path} with an intact copy, or delete it and "
            "load again with network access to download it."
        )
    if BROWSER:
        remedy = (
            f"\nIn a browser, set {DATA_URL_ENV} to the address of a copy on the "
            f"site this notebook came from (a folder holding {dataset}/"
            f"{entry.name}): other hosts send no CORS headers."
        )
    else:
        remedy = (
            f"\nWithout network access, set the environment variable {DATA_ENV} "
            f"to a folder that holds {dataset}/{entry.name}, or copy the file "
            f"into {cache_folder}."
        )
    raise DataUnavailableError(
        f"{entry.name} is neither on disk nor downloadable. Searched:\n"
        + "\n".join(searched)
        + remedy
    )


def fetch_files(
    dataset: str,
    registry: Mapping[str, IDXFile],
    *,
    mirrors: Sequence[str],
    data_home: str | os.PathLike | None = None,
    notices: list[str] | None = None,
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
        Base URLs tried in order for missing files, after the copy at
        ``MLPVIZ_DATA_URL`` if set (see :func:`download_sources`).
    data_home : str or path-like, optional
        Cache folder; see :func:`get_data_home`.
    notices : list of str, optional
        Receives what the user should be told although the files were found:
        a damaged cached file moved aside, a download that could not be
        cached.

    Returns
    -------
    dict of str to VerifiedFile
        The verified files, by registry key.

    Raises
    ------
    DataIntegrityError
        If a file in the data folder is damaged, or if a damaged file in the
        cache could not be replaced; the message says what was found.
    DataUnavailableError
        If a file is nowhere to be found; the message names every place
        searched.
    """
    data_folder = data_folder_from_env()
    mirrors = download_sources(dataset, mirrors)
    copy = mirrors[0] if os.environ.get(DATA_URL_ENV) else None
    cache_folder = get_data_home(data_home) / dataset
    remove_stale_temporaries(cache_folder)
    notices = [] if notices is None else notices
    return {
        key: _fetch_one(
            entry,
            dataset=dataset,
            data_folder=data_folder,
            cache_folder=cache_folder,
            mirrors=mirrors,
            copy=copy,
            notices=notices,
        )
        for key, entry in registry.items()
    }
