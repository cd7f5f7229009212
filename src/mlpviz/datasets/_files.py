"""File-system steps that stay safe when files are damaged or loads run at once.

Opening only regular files, writing through a temporary file renamed into
place, moving a damaged file aside instead of deleting it, and removing the
temporary files of writers that were killed.

No file is locked: every write goes to a temporary file of its own, renamed
over its target in one step, so that concurrent loads see the old file or
the new one. Windows differs from Linux and macOS in three ways that matter
here, each handled where it arises:

- a file that another process holds open cannot be renamed or replaced
  there (``PermissionError``): renames are retried for a moment, as a
  concurrent load reads for less than that, then reported as such;
- opening a folder raises ``PermissionError``, not ``IsADirectoryError``,
  and so does renaming a file over a folder: both are told apart by looking;
- there is no signal 0 to ask whether a process runs (``os.kill`` with any
  other signal terminates it): the leftovers of killed writers are only
  removed once stale by age.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

# Temporary files are named ".<target>.<pid>.<random>.tmp", next to their target.
_TEMPORARY = re.compile(r"^\.(?P<target>.+)\.(?P<pid>[0-9]+)\.[0-9a-f]{8}\.tmp$")
# A temporary file untouched this long (seconds) belongs to a writer that died
# or hangs: writing one takes about a second.
STALE_AFTER = 600
# ... and sooner if the process that created it no longer exists.
DEAD_WRITER_GRACE = 30
# Windows refuses to rename over a file that another process has open.
_WINDOWS = os.name == "nt"
# Seconds between the attempts of a rename there: about 2 s in all.
RENAME_DELAYS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.6)


def open_regular_file(path: Path) -> BinaryIO:
    """Open ``path`` for reading in binary mode if it is a regular file.

    Raises
    ------
    OSError
        ``FileNotFoundError``, ``PermissionError``, ``IsADirectoryError``
        for a folder, or an ``OSError`` with ``EINVAL`` for anything else
        that is not a regular file (a named pipe, a device).
    """
    # O_NONBLOCK: opening a named pipe must not wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except PermissionError:
        # Windows refuses to open a folder with "permission denied".
        if os.path.isdir(path):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path)) from None
        raise
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "Not a regular file", str(path))
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def describe_unreadable(path: Path, exc: OSError) -> str:
    """Say in a few words why ``path`` could not be opened for reading."""
    if isinstance(exc, FileNotFoundError):
        try:
            target = _without_device_prefix(os.readlink(path))
        except OSError:  # not a link, or removed since
            return "absent"
        return f"a symbolic link to {target}, which does not exist"
    if isinstance(exc, IsADirectoryError):
        return "a folder, not a file"
    if isinstance(exc, NotADirectoryError):
        return "absent (a folder on its path is a file)"
    if isinstance(exc, PermissionError):
        return "not readable (permission denied)"
    if exc.errno == errno.EINVAL:
        return "not a regular file"
    return f"not readable ({exc.strerror or exc})"


def _without_device_prefix(target: str) -> str:
    r"""A link's target as it was given: Windows adds ``\\?\`` to absolute ones."""
    if target.startswith("\\\\?\\UNC\\"):
        return "\\\\" + target[8:]
    if target.startswith("\\\\?\\"):
        return target[4:]
    return target


def describe_unwritable(path: Path, exc: OSError) -> str:
    """Say in a few words why ``path`` could not be written."""
    if isinstance(exc, IsADirectoryError):
        return "a folder is in the way"
    if isinstance(exc, PermissionError):
        if _WINDOWS:
            return (
                "permission denied (the folder is read-only, or another program "
                "has the file open: Windows cannot replace an open file)"
            )
        return (
            "permission denied (the folder is read-only, or the file belongs "
            "to another user)"
        )
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return "a file is in the way of its folder"
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if isinstance(exc, FileNotFoundError):
        return "its temporary file was removed while it was written"
    return exc.strerror or str(exc)


def create_temporary(target: Path) -> tuple[int, Path]:
    """Create an empty temporary file next to ``target``, for an atomic write.

    Its name holds the creating process's id, so that later loads can tell
    the leftovers of killed writers (see :func:`remove_stale_temporaries`).
    Its permissions follow the umask, as those of an ordinary file.

    Returns
    -------
    descriptor : int
        Open for reading and writing.
    path : pathlib.Path
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        path = target.with_name(
            f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        )
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue


def write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> str | None:
    """Write ``target`` through a temporary file renamed into place.

    Readers see the old file or the new one, never a half-written one. On
    failure nothing is left behind and the old file, if any, is untouched.

    Parameters
    ----------
    target : pathlib.Path
    write : callable
        Writes the content to the binary stream it is given.

    Returns
    -------
    str or None
        None once written; otherwise why it could not be.
    """
    try:
        descriptor, temporary = create_temporary(target)
    except OSError as exc:
        return describe_unwritable(target.parent, exc)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        rename(temporary, target, replace=True)
    except OSError as exc:
        remove_quietly(temporary)
        return describe_unwritable(target, exc)
    except BaseException:
        remove_quietly(temporary)
        raise
    return None


def rename(source: Path, target: Path, *, replace: bool) -> None:
    """Rename ``source`` to ``target`` (over it, with ``replace``), in one step.

    On Windows, a target or source that another process holds open cannot be
    renamed: the rename is tried again for about two seconds (a concurrent
    load holds a file open for less), unless a folder is in the way.

    Raises
    ------
    IsADirectoryError
        If a folder is in the way (Windows says "permission denied" then).
    OSError
        As :func:`os.replace` or :func:`os.rename`, once the last attempt fails.
    """
    move = os.replace if replace else os.rename
    for delay in (*RENAME_DELAYS, None) if _WINDOWS else (None,):
        try:
            move(source, target)
            return
        except PermissionError:
            if os.path.isdir(target):
                raise IsADirectoryError(
                    errno.EISDIR, "Is a directory", str(target)
                ) from None
            if delay is None:
                raise
            time.sleep(delay)


def remove_quietly(path: Path) -> None:
    """Delete ``path`` if it exists; another process may have removed it."""
    with contextlib.suppress(OSError):
        os.unlink(path)


def _process_exists(pid: int) -> bool:
    if pid == os.getpid() or _WINDOWS or os.name != "posix":
        # On Windows os.kill terminates the process, whatever the signal:
        # never ask there; the file's age decides.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_temporaries(folder: Path) -> None:
    """Delete the temporary files that killed or hung writers left in ``folder``.

    A temporary file is stale once untouched for :data:`STALE_AFTER`
    seconds, or for :data:`DEAD_WRITER_GRACE` seconds when the process
    named in it no longer runs. A writer whose file was removed anyway
    (one paused for longer, or on another machine sharing the folder) only
    fails to cache; its load still succeeds.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None:
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if age > STALE_AFTER or (
            age > DEAD_WRITER_GRACE and not _process_exists(int(match["pid"]))
        ):
            remove_quietly(Path(entry.path))


def move_aside(path: Path, identity: os.stat_result) -> Path | None:
    """Rename a damaged file to ``<name>.corrupt-<time>-<pid>``, keeping it.

    ``identity`` is the status of the file that failed verification; if
    another process has meanwhile replaced it, nothing is moved.

    Returns
    -------
    pathlib.Path or None
        The new name, or None if the file was no longer there.

    Raises
    ------
    OSError
        If it cannot be renamed (a read-only folder).
    """
    try:
        current = os.stat(path)
    except FileNotFoundError:
        return None
    if (current.st_dev, current.st_ino) != (identity.st_dev, identity.st_ino):
        return None
    stamp = time.strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}-{os.getpid()}")
    try:
        rename(path, aside, replace=False)
    except FileNotFoundError:
        return None
    return aside
