"""profile and export: only http(s) IRIs go into an xAPI export."""
import json

import pytest

from peerlearn.records.store import Store

BAD_IRIS = ["javascript:alert(1)", "JavaScript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>",
            "https://", "https:///path", "http//example.org", "https://exa mple.org", "https://example.org/\x1b]0;t\x07",
            "https://example.org/\u202e", "ftp://example.org", "mailto:sam@example.org", "example.org"]


@pytest.mark.parametrize("iri", BAD_IRIS)
@pytest.mark.parametrize("option", ["--account-homepage", "--xapi-base"])
def test_profile_takes_only_http_iris(run, isolated_home, option, iri):
    result = run("profile", option, iri)
    assert result.exit_code == 2 and "is not an http(s) IRI" in result.stderr
    assert option not in Store(str(isolated_home)).profile() and Store(str(isolated_home)).profile() == {}


@pytest.mark.parametrize("iri", BAD_IRIS)
def test_export_base_takes_only_http_iris(run, iri):
    result = run("export", "--format", "xapi", "--base", iri)
    assert result.exit_code == 2 and "is not an http(s) IRI" in result.stderr and result.stdout == ""


def test_http_iris_are_taken(run):
    assert run("profile", "--account-homepage", "https://lms.example.org", "--account-name", "sam",
               "--xapi-base", "http://Example.org:8080/xapi/ünï").exit_code == 0
    result = run("export", "--format", "xapi", "--base", "https://records.example.org/x")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_a_bad_iri_already_in_the_profile_is_named_not_exported(run, isolated_home):
    Store(str(isolated_home)).set_profile(account_homepage="javascript:alert(1)", account_name="sam")
    result = run("export", "--format", "xapi")
    assert result.exit_code == 1 and "peerlearn profile --account-homepage" in result.stderr and result.stdout == ""
