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
    return write_all_atomic({path: content})[0]


def write_all_atomic(files: dict[Path, str | bytes]) -> list[int]:
    """Write several files (text as UTF-8, or bytes) so that either all of them are written or
    none is: each goes to a temporary file first, and only when every one is on disk are they
    renamed into place; a rename that fails puts the files already replaced back as they were.

    Permissions and symbolic links are treated as :func:`write_atomic` treats them. Returns the
    number of bytes written to each file, in order.
    """
    staged: list[tuple[Path, Path, Path]] = []  # (as given, target, temporary file)
    sizes = []
    try:
        for path, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            staged.append((path, *_stage(path, data)))
            sizes.append(len(data))
        _replace_all(staged)
    except BaseException:
        for _path, _target, tmp in staged:
            tmp.unlink(missing_ok=True)
        raise
    return sizes


def _stage(path: Path, data: bytes) -> tuple[Path, Path]:
    """Put ``data`` in a synced temporary file beside ``path``'s target; return (target, temporary file)."""
    check_destination(path)
    target = path.resolve() if path.is_symlink() else path
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise MapgenError(f"{path}: cannot write here: {exc.strerror}. Choose another place with -o.") from exc
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(target))
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise MapgenError(f"{path}: cannot write: {exc.strerror}; the previous file is unchanged.") from exc
    return target, tmp


def _replace_all(staged: list[tuple[Path, Path, Path]]) -> None:
    """Rename each temporary file onto its target; on a failure, restore the targets already replaced."""
    # With several files, the old ones are kept under temporary names until every new one is in place.
    backups = [None] if len(staged) == 1 else [_backup(target) for _path, target, _tmp in staged]
    unchanged = "the previous file is unchanged" if len(staged) == 1 else "the previous files are unchanged"
    done: list[int] = []
    try:
        for i, (path, target, tmp) in enumerate(staged):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise MapgenError(f"{path}: cannot write: {exc.strerror}; {unchanged}.") from exc
            done.append(i)
    except BaseException:
        for i in reversed(done):
            _path, target, _tmp = staged[i]
            if backups[i] is not None:
                os.replace(backups[i], target)
            else:
                target.unlink(missing_ok=True)
        raise
    finally:
        for backup in backups:
            if backup is not None:
                backup.unlink(missing_ok=True)
    for folder in {target.parent for _path, target, _tmp in staged}:
        _sync_folder(folder)


def _backup(target: Path) -> Path | None:
    """A hard link to ``target``'s current file (None if there is none), to put back on failure."""
    if not target.exists():
        return None
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
    os.close(fd)
    backup = Path(name)
    backup.unlink()
    try:
        os.link(target, backup)
    except OSError:
        # A file system without hard links: a copy does as well, only slower.
        backup.write_bytes(target.read_bytes())
    return backup


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
