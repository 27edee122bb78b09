"""Step 4 of the pipeline: put the page on disk without ever leaving half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mapgen.errors import MapgenError


def write_atomic(path: Path, content: str | bytes) -> int:
    """Write ``content`` (text as UTF-8, or bytes) to ``path`` through a temporary file
    renamed into place.

    A crash or error mid-write leaves the previous file exactly as it was. Returns the
    number of bytes written.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise MapgenError(f"{path}: cannot write here: {exc.strerror}. Choose another place with -o.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise MapgenError(f"{path}: cannot write: {exc.strerror}; the previous file is unchanged.") from exc
        raise
    return len(data)
