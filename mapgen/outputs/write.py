"""Step 4 of the pipeline: put the page on disk without ever leaving half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mapgen.errors import MapgenError


def write_atomic(path: Path, content: str | bytes) -> int:
    """Write ``content`` (text as UTF-8, or bytes) to ``path`` through a temporary file
    renamed into place.

    A crash or error mid-write leaves the previous file exactly as it was. The new file
    keeps the old one's permissions; a symbolic link is followed, so the link stays and its
    target is replaced. Returns the number of bytes written.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    check_destination(path)
    target = path.resolve() if path.is_symlink() else path
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise MapgenError(f"{path}: cannot write here: {exc.strerror}. Choose another place with -o.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
        _sync_folder(folder)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise MapgenError(f"{path}: cannot write: {exc.strerror}; the previous file is unchanged.") from exc
        raise
    return len(data)


def check_destination(path: Path) -> None:
    """Fail early, before slow work, when ``path`` cannot be written because a file stands where
    one of its folders should be."""
    target = path.resolve() if path.is_symlink() else path
    folder = target.parent
    blocker = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise MapgenError(
            f"{path}: cannot write here: {blocker} is a file, not a folder. Choose another place with -o."
        )


def _mode_for(target: Path) -> int:
    """The old file's permissions, or those a new file gets (0o666 less the umask)."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk too.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is still atomic
    finally:
        os.close(fd)
