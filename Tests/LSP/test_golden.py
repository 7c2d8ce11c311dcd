"""Golden request/response cases: each file in golden/ is one case — a
workspace (a copy of Examples/, or files of its own), the files to open,
one request and the reply expected, compared as JSON. A new case is one
file: write it without "reply", run with CAP_LSP_RECORD=1 to fill the reply
in, read it, and commit it.

In a case, "${root}" stands for the workspace folder's URI."""
import json
import os
import pathlib
import shutil

import pytest

from lsp_helpers import EXAMPLES, RawClient

GOLDEN = pathlib.Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*.json"))


def substitute(value, root):
    if isinstance(value, str):
        return value.replace("${root}", root)
    if isinstance(value, list):
        return [substitute(v, root) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, root) for k, v in value.items()}
    return value


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(case, tmp_path):
    spec = json.loads(case.read_text())
    root = tmp_path / "workspace"
    if "files" in spec:
        for name, text in spec["files"].items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
    else:
        shutil.copytree(EXAMPLES, root)
    uri = root.as_uri()
    client = RawClient()
    try:
        client.initialize(root)
        for name in spec.get("open", []):
            client.notify("textDocument/didOpen", {"textDocument": {
                "uri": f"{uri}/{name}", "languageId": "cap", "version": 1, "text": (root / name).read_text()}})
        request = substitute(spec["request"], uri)
        reply = client.request(1, request["method"], request.get("params"))
        reply.pop("jsonrpc", None)
        reply.pop("id", None)
        # Back to the placeholder, so that the case does not name a temporary folder.
        reply = json.loads(json.dumps(reply).replace(uri, "${root}"))
        if os.environ.get("CAP_LSP_RECORD"):
            spec["reply"] = reply
            case.write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n")
            return
        assert "reply" in spec, f"{case.name} has no reply: run with CAP_LSP_RECORD=1 to record it, then read it"
        assert reply == spec["reply"]
    finally:
        client.close()
