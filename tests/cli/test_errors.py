"""Bad paths get one clear line and exit 1, never a traceback."""
import pytest


@pytest.mark.parametrize("args,env,expected", [
    (("--content", "/no/such/pack", "modules"), None, "the content folder /no/such/pack does not exist"),
    (("modules",), {"PEERLEARN_CONTENT": "/no/such/pack"}, "the content folder /no/such/pack does not exist"),
    (("transcript", "-o", "/no/such/folder/record.md"), None, "could not write /no/such/folder/record.md: the folder /no/such/folder does not exist"),
    (("export", "--format", "csv", "-o", "/no/such/folder/x.csv"), None, "could not write /no/such/folder/x.csv"),
    (("new", "scenario", "--id", "sc99-x", "--type", "single", "--competency", "PSP-2", "-o", "/no/such/folder/x.yaml"), None,
     "could not write /no/such/folder/x.yaml"),
])
def test_a_missing_folder_is_one_line_and_exit_1(run, args, env, expected):
    result = run(*args, env=env)
    assert result.exit_code == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_records_home_that_is_a_file_is_named(run, tmp_path):
    home = tmp_path / "not-a-folder"
    home.write_text("x")
    result = run("progress", env={"PEERLEARN_HOME": str(home)})
    assert result.exit_code == 1 and "is not a folder" in result.stderr
    assert home.read_text() == "x"


def test_text_that_is_not_utf8_gets_a_message_not_a_traceback(run, isolated_home):
    from click.testing import CliRunner

    from peerlearn.cli import cli

    typed = CliRunner().invoke(cli, ["--plain", "reflect"], input=b"\xff\xfe\n")
    assert typed.exit_code == 1 and "is not UTF-8" in typed.stderr and typed.exception.__class__ is SystemExit
    given = CliRunner().invoke(cli, ["journal", "write", "--text", "caf\udce9"])
    assert given.exit_code == 1 and "is not UTF-8" in given.stderr and given.exception.__class__ is SystemExit
