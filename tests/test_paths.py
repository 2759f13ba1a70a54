"""Notebooks open in JupyterLab from any folder: relative parameters resolve from the repository."""

from conftest import ROOT
from hubmap.shared.paths import repo_root, resolve


def test_relative_paths_resolve_from_the_repository_whatever_the_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert repo_root() == ROOT
    assert resolve("data/raw") == ROOT / "data" / "raw"
    assert resolve(tmp_path / "elsewhere") == tmp_path / "elsewhere"  # absolute paths kept as given
