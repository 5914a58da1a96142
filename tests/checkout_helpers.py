"""A peerlearn source checkout made for a test."""
import shutil

from peerlearn.content.loader import builtin_root


def make_checkout(tmp_path):
    """A copy of peerlearn's source tree, as a trainer has it after cloning."""
    root = tmp_path / "checkout"
    for name in ("schemas", "curriculum", "assessments"):
        shutil.copytree(builtin_root() / name, root / name)
    (root / "pyproject.toml").write_text("[project]\nname = 'peerlearn'\n")
    return root
