"""The import's files hold citizens' data, so they are private to the server's account: files are
created 0600 and folders 0700 explicitly (os.open, os.chmod), whatever the process umask. Work in
progress (databases being built, staged uploads) lives in a private folder next to the database,
never in the shared temporary folder, and what a killed import left there is removed later."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
# Leftovers (builds, staged uploads) older than this are a killed import's: removed.
LEFTOVER_SECONDS = 3600
# Staged uploads of earlier versions, in the shared temporary folder.
LEGACY_UPLOAD_PREFIX = "outreach-upload-"


def private_folder(path: Path) -> Path:
    """`path` as a folder only its owner may enter (created if needed, tightened if it exists)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.mkdir(path, FOLDER_MODE)
    except FileExistsError:
        pass
    os.chmod(path, FOLDER_MODE)
    return path


def work_folder(database: Path) -> Path:
    """The private folder next to the database: databases being built and staged uploads."""
    return database.parent / f".{database.stem}.private"


def open_private(path: Path, mode: str = "w", **kwargs):
    """open() for writing a file that is 0600 before the first byte is written (an existing file
    is tightened too). mode: "w" or "a", text or binary ("wb", "ab")."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode.startswith("a") else os.O_TRUNC)
    descriptor = os.open(path, flags, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
        return os.fdopen(descriptor, mode, **kwargs)
    except BaseException:
        os.close(descriptor)
        raise


def make_private(path: Path) -> None:
    os.chmod(path, FILE_MODE)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_leftovers(database: Path, *, older_than: float = LEFTOVER_SECONDS, now: float | None = None) -> list[Path]:
    """Remove what killed imports left, older than `older_than` seconds: everything in the work
    folder (builds, their journals and spill folders, staged uploads), `*.building` files next to
    the database, and this account's staged uploads of earlier versions in the temporary folder.
    Younger ones may belong to an import still running and stay. Returns what was removed."""
    now = time.time() if now is None else now
    database = Path(database)
    candidates: list[Path] = []
    work = work_folder(database)
    if work.is_dir():
        candidates.extend(work.iterdir())
    if database.parent.is_dir():
        candidates.extend(database.parent.glob(f"{database.name}.*.building*"))
    temp = Path(tempfile.gettempdir())
    candidates.extend(path for path in temp.glob(LEGACY_UPLOAD_PREFIX + "*") if _owned(path))
    removed = []
    for path in candidates:
        try:
            age = now - path.lstat().st_mtime
        except FileNotFoundError:
            continue
        if age >= older_than:
            _remove(path)
            removed.append(path)
    return removed


def _owned(path: Path) -> bool:
    try:
        return path.lstat().st_uid == os.getuid()
    except FileNotFoundError:
        return False
