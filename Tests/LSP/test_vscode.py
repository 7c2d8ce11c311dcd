"""The VS Code extension (editors/vscode) as far as it can be run without
VS Code and npm: its entry point runs under Node (Debian's nodejs) with
stand-ins for the `vscode` API and the `vscode-languageclient` library
(Tests/LSP/vscode_host.js), and must start the built `cap lsp` with the
settings' path, the `lsp` argument and stdio, with a document selector that
takes .cap files and never-saved buffers and nothing else, and get
diagnostics back; and package.json's contributions must name files that
exist and agree with the grammar, the language configuration and the
settings the extension reads. Not tested here: VS Code itself loading the
extension, and the real vscode-languageclient library."""
import json
import pathlib
import re
import shutil
import subprocess

import pytest

from lsp_helpers import ROOT, cap_binary

EXTENSION = ROOT / "editors" / "vscode"
HOST = pathlib.Path(__file__).with_name("vscode_host.js")


def node():
    found = shutil.which("node") or shutil.which("nodejs")
    if not found:
        pytest.fail("no node: `make test` installs Debian's nodejs")
    return found


def run_extension(tmp_path, settings, folder, documents, wait_for):
    setup = tmp_path / "setup.json"
    setup.write_text(json.dumps({"settings": settings, "folder": str(folder), "documents": documents, "waitFor": wait_for}))
    done = subprocess.run([node(), str(HOST), str(EXTENSION / "extension.js"), str(setup)],
                          capture_output=True, text=True, timeout=180)
    assert done.stdout, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_extension_starts_cap_lsp_and_gets_diagnostics(tmp_path, examples):
    members = examples / "members.cap"
    broken = members.read_text().replace("country", "contry", 1)
    untitled = "untitled:Untitled-1"
    documents = [
        {"uri": members.as_uri(), "languageId": "cap", "text": broken},
        {"uri": untitled, "languageId": "cap", "text": 'tag scratch "Scratch" {\n  colour "red"\n}\n'},
        # Not cap: the selector must leave it to other extensions.
        {"uri": (examples / "notes.json").as_uri(), "languageId": "json", "text": "{}"},
        # A cap buffer of a scheme the server cannot read (a git diff view).
        {"uri": "git:/members.cap", "languageId": "cap", "text": "member x {}"},
    ]
    settings = {"cap.path": cap_binary(), "cap.diagnosticsURL": "https://example.org/diagnostics.md"}
    result = run_extension(tmp_path, settings, examples, documents, [members.as_uri(), untitled])
    assert "error" not in result, result.get("error")
    assert result["settingsRead"] == ["cap.path", "cap.diagnosticsURL"]
    assert result["watchers"] == ["**/*.cap"]
    assert result["subscriptions"] == 1
    [client] = result["clients"]
    assert client["id"] == "cap"
    for mode in ("run", "debug"):
        server = client["serverOptions"][mode]
        assert server["command"] == cap_binary()
        assert server["args"] == ["lsp"]
        assert server["transport"] == 0  # TransportKind.stdio
    assert client["clientOptions"]["initializationOptions"] == {"diagnosticsURL": "https://example.org/diagnostics.md"}
    assert client["opened"] == [members.as_uri(), untitled]
    assert client["initializeResult"]["serverInfo"]["name"] == "cap"
    # The misspelt field in the open buffer, and the unknown field of the
    # never-saved one, each reported in its own document.
    assert "E0202" in client["diagnostics"][members.as_uri()]
    assert client["diagnostics"][untitled] == ["E0202"]
    # deactivate() stopped the server with shutdown then exit: status 0.
    assert client["exitCode"] == 0


def test_without_settings_the_extension_runs_cap_from_path(tmp_path, examples):
    # `cap` found on PATH, as after `make install`: a folder holding a link to the build.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "cap").symlink_to(cap_binary())
    setup = tmp_path / "setup.json"
    members = examples / "members.cap"
    setup.write_text(json.dumps({"settings": {}, "folder": str(examples),
                                 "documents": [{"uri": members.as_uri(), "languageId": "cap", "text": members.read_text()}],
                                 "waitFor": [members.as_uri()]}))
    import os
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ.get('PATH', '')}")
    done = subprocess.run([node(), str(HOST), str(EXTENSION / "extension.js"), str(setup)],
                          capture_output=True, text=True, timeout=180, env=env)
    result = json.loads(done.stdout.splitlines()[-1])
    assert "error" not in result, result.get("error")
    [client] = result["clients"]
    assert client["serverOptions"]["run"]["command"] == "cap"
    assert client["clientOptions"]["initializationOptions"] == {}
    assert client["diagnostics"][members.as_uri()] == []
    assert client["exitCode"] == 0


def test_package_json_contributions_agree_with_the_files():
    package = json.loads((EXTENSION / "package.json").read_text())
    assert (EXTENSION / package["main"]).is_file()
    # Started by a folder with .cap files, or by a buffer set to the cap
    # language (a never-saved one has no file to find).
    [language] = package["contributes"]["languages"]
    assert package["activationEvents"] == [f"onLanguage:{language['id']}", "workspaceContains:**/*.cap"]
    assert language["id"] == "cap" and language["extensions"] == [".cap"]
    configuration = json.loads((EXTENSION / language["configuration"]).read_text())
    [grammar] = package["contributes"]["grammars"]
    assert grammar["language"] == language["id"]
    tm = json.loads((EXTENSION / grammar["path"]).read_text())
    assert tm["scopeName"] == grammar["scopeName"] == "source.cap"
    assert "cap" in tm.get("fileTypes", ["cap"])
    # The comment the editor toggles is the one the grammar scopes as a comment.
    comment = configuration["comments"]["lineComment"]
    assert comment == "//"
    grammar_text = json.dumps(tm)
    assert "comment.line.double-slash.cap" in grammar_text
    # Every bracket pair is auto-closed and surrounds a selection.
    closing = {(p["open"], p["close"]) for p in configuration["autoClosingPairs"]}
    for open_, close in configuration["brackets"]:
        assert (open_, close) in closing
        assert [open_, close] in configuration["surroundingPairs"]
    # The word pattern takes ids and subdivision codes whole.
    word = re.compile(configuration["wordPattern"])
    assert word.fullmatch("exit_pathways") and word.fullmatch("GB-NIR") and not word.fullmatch("a b")
    # Each setting the extension reads is declared, with a default, and nothing else is.
    source = (EXTENSION / "extension.js").read_text()
    read = set(re.findall(r'config\.get\("([^"]+)"\)', source))
    section = re.search(r'getConfiguration\("([^"]+)"\)', source).group(1)
    declared = package["contributes"]["configuration"]["properties"]
    assert {f"{section}.{k}" for k in read} == set(declared) == {"cap.path", "cap.diagnosticsURL"}
    assert all("default" in p and p["type"] == "string" for p in declared.values())
    # The client library the entry point requires is a dependency.
    assert "vscode-languageclient" in package["dependencies"]
    assert 'require("vscode-languageclient/node")' in source
