"""Paths resolved from the repository, so notebooks run from any working directory."""

from __future__ import annotations

from pathlib import Path


def repo_root() -> Path:
    """The checkout this package was installed from (editable install), else the cwd's repo."""
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in (start, *start.parents):
            if (folder / "pyproject.toml").is_file() and (folder / "notebooks").is_dir():
                return folder
    return Path.cwd()


def resolve(path: str | Path) -> Path:
    """Absolute paths as given; relative ones from the repository root."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else repo_root() / path
