"""Which files make up the content: the walk over a content folder, and the built-in content
when the files named lie in a source checkout."""
import os

import pytest
from checkout_helpers import make_checkout

from peerlearn.content.loader import (MAX_WALK_DEPTH, MAX_WALK_ENTRIES, builtin_root, check_files, content_files,
                                      discover, source_root)

SCENARIO = """\
kind: scenario
scenarios:
  - id: {id}
    type: single
    title: T
    competencies: [PSP-2]
    {extra}
    situation: A peer asks for help.
    question: How do you respond to the peer asking for help?
    choices:
      - {{id: a, text: Listen first., correct: true, feedback: Listening honours choice.}}
      - {{id: b, text: Tell them what to do., feedback: Advice runs against PSP-2.}}
"""


def test_a_folder_too_large_for_a_pack_is_refused_after_a_bounded_walk(tmp_path):
    """`--content /` must not walk the whole file system: past MAX_WALK_ENTRIES entries the
    walk stops with a message naming the folder."""
    from peerlearn.errors import ContentFolderTooLarge

    for i in range(MAX_WALK_ENTRIES // 1000 + 1):
        folder = tmp_path / "big" / f"part{i}"
        folder.mkdir(parents=True)
        for j in range(1000):
            (folder / f"f{j}.txt").touch()
    with pytest.raises(ContentFolderTooLarge) as exc:
        discover([tmp_path / "big"])
    assert str(tmp_path / "big") in str(exc.value) and f"{MAX_WALK_ENTRIES:,}" in str(exc.value)


def test_the_walk_skips_hidden_folders_and_stops_at_its_depth(tmp_path):
    pack = tmp_path / "pack"
    deep = pack.joinpath(*[f"d{i}" for i in range(MAX_WALK_DEPTH + 1)])
    deep.mkdir(parents=True)
    (deep / "too-deep.yaml").write_text("kind: x\n")
    (pack / ".venv" / "lib").mkdir(parents=True)
    (pack / ".venv" / "lib" / "copy.yaml").write_text("kind: x\n")
    (pack / "d0" / "near.yaml").write_text("kind: x\n")
    assert [p.name for p in discover([pack])] == ["near.yaml"]


def test_files_of_a_checkout_are_checked_with_the_checkout_not_the_installed_copy(tmp_path, monkeypatch):
    """An edited built-in file replaces the installed one (no 'id already used' against it),
    and the checkout's other files, not the installed ones, are its context."""
    root = make_checkout(tmp_path)
    m03 = root / "assessments" / "m03-categories-and-containers.yaml"
    m03.write_text(m03.read_text().replace("module: m03-categories-and-containers", "module: m03-categories", 1))
    (root / "assessments" / "m17-extra.yaml").write_text(SCENARIO.format(id="sc17-extra", extra="module: m17-extra"))
    module = (root / "curriculum" / "modules").glob("m03-*.yaml").__next__().read_text()
    module = module.replace("id: m03-categories-and-containers", "id: m17-extra").replace("number: 3", "number: 17")
    (root / "curriculum" / "modules" / "m17-extra.yaml").write_text(module)
    monkeypatch.chdir(root)
    targets = [m03.relative_to(root), root / "assessments" / "m17-extra.yaml"]
    files = content_files((), targets)
    assert source_root(targets[0]) == root
    assert all(str(f).startswith(str(root)) or not os.path.isabs(f) for f in files)
    assert len({os.path.realpath(f) for f in files}) == len(files)
    _, problems = check_files(files)
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.path, p.message) for p in errors] == [
        ("assessments/m03-categories-and-containers.yaml", "unknown module 'm03-categories'")]


def test_a_named_built_in_file_is_counted_once_as_the_named_file(tmp_path):
    real = builtin_root() / "assessments" / "m01-foundations.yaml"
    link = tmp_path / "m01.yaml"
    link.symlink_to(real)
    files = content_files((), [link])
    assert files[-1] == link
    assert sum(os.path.realpath(f) == os.path.realpath(real) for f in files) == 1
    _, problems = check_files(files)
    assert problems == []


def test_files_outside_a_checkout_are_checked_with_the_built_in_content(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(SCENARIO.format(id="t-outside", extra=""))
    files = content_files((), [f])
    assert source_root(f) is None
    assert os.path.realpath(files[0]).startswith(os.path.realpath(builtin_root()))
