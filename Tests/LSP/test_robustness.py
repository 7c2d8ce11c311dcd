"""What no well-behaved client sends, and clients that misbehave: each gets
an error response or is ignored, never a crash or a hang."""
import os
import pathlib
import subprocess
import time

from lsp_helpers import RawClient, cap_binary


def hover(client, id, uri, line, character):
    return client.request(id, "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})


def open_doc(client, path, text, version=1):
    client.notify("textDocument/didOpen", {"textDocument": {"uri": path.as_uri(), "languageId": "cap", "version": version, "text": text}})


def rss_kib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_malformed_messages_get_errors_and_the_server_goes_on(raw, examples):
    client = raw()
    client.initialize(examples)
    client.send_bytes(b"Content-Length: 9\r\n\r\n{not json")
    assert client.wait(lambda m: "error" in m)["error"]["code"] == -32700
    client.send_bytes(b"Content-Length: 6\r\n\r\n[1, 2]")
    assert client.wait(lambda m: "error" in m)["error"]["code"] == -32600
    client.send_bytes(b"Content-Length: twelve\r\n\r\n")
    assert client.wait(lambda m: "error" in m)["error"]["code"] == -32700
    client.send_bytes(b"Content-Type: application/json\r\n\r\n")
    assert client.wait(lambda m: "error" in m)["error"]["code"] == -32700
    client.send({"jsonrpc": "2.0", "id": 5, "params": {}})
    assert client.wait(lambda m: m.get("id") == 5)["error"]["code"] == -32600
    # Wrong types in the parameters: InvalidParams, not a crash.
    reply = client.request(6, "textDocument/hover", {"textDocument": {"uri": 3}, "position": "here"})
    assert reply["error"]["code"] == -32602
    # And still answering.
    text = (examples / "laws" / "se.cap").read_text()
    line = text[:text.index("jurisdiction SE")].count("\n")
    reply = hover(client, 7, (examples / "laws" / "se.cap").as_uri(), line, 16)
    assert "Sweden" in reply["result"]["contents"]["value"]


def test_unknown_methods_and_requests_before_initialize(raw, examples):
    client = raw()
    assert client.request(1, "textDocument/hover", {})["error"]["code"] == -32002
    client.initialize(examples)
    assert client.request(2, "cap/unknown", {})["error"]["code"] == -32601
    # An unknown notification is ignored: the next request is the next reply.
    client.notify("cap/somethingElse", {"x": 1})
    client.notify("$/setTrace", {"value": "off"})
    assert client.request(3, "workspace/symbol", {"query": "se_1999"})["result"][0]["name"] == "se_1999"


def test_files_never_opened_or_outside_the_workspace(raw, examples, tmp_path):
    client = raw()
    client.initialize(examples)
    nowhere = (tmp_path / "nowhere" / "x.cap").as_uri()
    assert hover(client, 1, nowhere, 0, 0)["result"] is None
    assert client.request(2, "textDocument/definition", {"textDocument": {"uri": nowhere}, "position": {"line": 3, "character": 1}})["result"] is None
    assert client.request(3, "textDocument/documentSymbol", {"textDocument": {"uri": nowhere}})["result"] == []
    assert hover(client, 4, "untitled:Untitled-1", 0, 0)["result"] is None
    # A change to a file never opened is ignored.
    client.notify("textDocument/didChange", {"textDocument": {"uri": nowhere, "version": 2}, "contentChanges": [{"text": "junk"}]})
    # A file of the workspace that was not opened is answered from disk.
    text = (examples / "laws" / "se.cap").read_text()
    line = text[:text.index("jurisdiction SE")].count("\n")
    assert "Sweden" in hover(client, 5, (examples / "laws" / "se.cap").as_uri(), line, 16)["result"]["contents"]["value"]
    # Positions past the end are clamped, not refused.
    assert hover(client, 6, (examples / "laws" / "se.cap").as_uri(), 10_000, 10_000)["result"] is None


def test_a_50_mb_document(raw, examples):
    client = raw()
    client.initialize(examples)
    description = "x" * 1000
    one = 'member m{0} "Member {0}" {{\n  country SE\n  description "' + description + '"\n}}\n'
    parts = [one.format(i) for i in range(48_000)]
    text = "".join(parts)
    assert len(text) > 50_000_000
    path = examples / "big.cap"
    path.write_text("")
    open_doc(client, path, text)
    # The last member, hovered once the 50 MB are analysed.
    last = text.count("\n") - 4
    reply = client.request(2, "textDocument/hover", {"textDocument": {"uri": path.as_uri()}, "position": {"line": last, "character": 8}})
    assert reply["result"]["contents"]["value"].startswith("**member** `m47999` — Member 47999")


def test_edits_faster_than_analysis_coalesce(raw, examples):
    client = raw()
    client.initialize(examples)
    path = examples / "members.cap"
    text = path.read_text()
    open_doc(client, path, text)
    edits = 2000
    for version in range(2, edits + 2):
        # Types "x" after the first member's id and takes it back, each an edit.
        typed = text.replace("member iniciativa_pro_equidad ", "member iniciativa_pro_equidadx ", 1) if version % 2 else text
        client.notify("textDocument/didChange", {"textDocument": {"uri": path.as_uri(), "version": version},
                                                 "contentChanges": [{"text": typed}]})
    # The answer is from the last text (version 2001 holds the x).
    line = text[:text.index("member iniciativa_pro_equidad ")].count("\n")
    reply = hover(client, 2, path.as_uri(), line, 10)
    assert reply["result"]["contents"]["value"].startswith("**member** `iniciativa_pro_equidadx`")
    time.sleep(0.5)
    published = [m for m in client.messages if m and m.get("method") == "textDocument/publishDiagnostics"
                 and m["params"]["uri"] == path.as_uri()]
    # Far fewer analyses published than edits: they coalesced; the last
    # one is of the last version.
    assert 1 <= len(published) < edits / 4
    assert published[-1]["params"]["version"] == edits + 1


def test_exit_and_end_of_input(examples):
    for messages, status in [([("shutdown", 1), ("exit", None)], 0), ([("exit", None)], 1)]:
        client = RawClient()
        client.initialize(examples)
        for method, id in messages:
            if id is None:
                client.notify(method)
            else:
                client.request(id, method)
        assert client.process.wait(timeout=30) == status
    # End of input without exit: the server ends (the editor went away).
    client = RawClient()
    client.initialize(examples)
    client.process.stdin.close()
    assert client.process.wait(timeout=30) == 1


def test_a_client_that_vanishes(examples):
    # The client stops reading and writing mid-session: the server must not
    # die of SIGPIPE on its next write, and ends at the end of its input.
    process = subprocess.Popen([cap_binary(), "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    body = b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"%s","capabilities":{}}}' % examples.as_uri().encode()
    process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    process.stdin.flush()
    process.stdout.close()
    for i in range(2, 50):
        body = b'{"jsonrpc":"2.0","id":%d,"method":"workspace/symbol","params":{"query":"a"}}' % i
        process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    process.stdin.flush()
    time.sleep(1)
    process.stdin.close()
    assert process.wait(timeout=30) in (0, 1)


def test_memory_does_not_grow_over_10000_edits(raw, examples):
    client = raw()
    client.initialize(examples)
    path = examples / "members.cap"
    text = path.read_text()
    open_doc(client, path, text)
    line = text[:text.index("member iniciativa_pro_equidad ")].count("\n")
    samples = []
    for version in range(2, 10_002):
        # One character typed after the id, then taken back: incremental edits.
        start = {"line": line, "character": 29}
        if version % 2:
            change = {"range": {"start": start, "end": {"line": line, "character": 30}}, "text": ""}
        else:
            change = {"range": {"start": start, "end": start}, "text": "x"}
        client.notify("textDocument/didChange", {"textDocument": {"uri": path.as_uri(), "version": version}, "contentChanges": [change]})
        if version % 500 == 0:
            # Waits for an analysis of this version, so that analyses do run.
            hover(client, version, path.as_uri(), line, 10)
            client.messages.clear()
            samples.append(rss_kib(client.process.pid))
    # After 10,000 edits the text is back to the start.
    reply = hover(client, 1, path.as_uri(), line, 10)
    assert reply["result"]["contents"]["value"].startswith("**member** `iniciativa_pro_equidad`")
    print("RSS in KiB every 500 edits:", samples)
    # Settled after the first thousand edits: the last sample is within 25%
    # of the second (a leak of one analysis per 500 edits would be ~40 MB).
    assert samples[-1] < samples[1] * 1.25, samples


def test_memory_does_not_grow_over_10000_edits_of_new_words(raw, examples):
    # What the incremental analysis keeps from one analysis to the next (the
    # trees renumbered into an interner that continues, each file's check
    # results, the files' bytes) must not pile up: every other edit renames
    # a member to a word never seen before (a new symbol, a new set of ids,
    # every file checked again), and the others type a letter into a
    # description (the other files' results reused).
    client = raw()
    client.initialize(examples)
    path = examples / "members.cap"
    text = path.read_text()
    open_doc(client, path, text)
    original = "iniciativa_pro_equidad"
    line = text[:text.index(f"member {original} ")].count("\n")
    description = text.index('description "', text.index(f"member {original} ")) + len('description "')
    d_line = text[:description].count("\n")
    d_column = description - (text.rfind("\n", 0, description) + 1)
    current = original
    samples = []
    for version in range(2, 10_002):
        if version % 2:
            # A letter typed at the start of the description, or taken back.
            start = {"line": d_line, "character": d_column}
            if version % 4 == 3:
                change = {"range": {"start": start, "end": start}, "text": "y"}
            else:
                change = {"range": {"start": start, "end": {"line": d_line, "character": d_column + 1}}, "text": ""}
        else:
            new = original if version == 10_000 else f"renamed{version:05d}"
            change = {"range": {"start": {"line": line, "character": 7}, "end": {"line": line, "character": 7 + len(current)}}, "text": new}
            current = new
        client.notify("textDocument/didChange", {"textDocument": {"uri": path.as_uri(), "version": version}, "contentChanges": [change]})
        if version % 500 == 0:
            hover(client, version, path.as_uri(), line, 10)
            client.messages.clear()
            samples.append(rss_kib(client.process.pid))
    reply = hover(client, 1, path.as_uri(), line, 10)
    assert reply["result"]["contents"]["value"].startswith("**member** `iniciativa_pro_equidad`")
    print("RSS in KiB every 500 edits:", samples)
    assert samples[-1] < samples[1] * 1.25, samples


def test_no_workspace_folder_analyses_the_open_files(raw, tmp_path):
    # An editor opened a single file, with no folder: that file (and what
    # it includes) is analysed.
    (tmp_path / "one.cap").write_text('include "tags.cap"\nmember m "M" {\n  country SE\n  tags exit, nothing\n}\n')
    (tmp_path / "tags.cap").write_text('tag exit "Exit" { }\n')
    client = raw()
    client.request(0, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    client.notify("initialized", {})
    path = tmp_path / "one.cap"
    open_doc(client, path, path.read_text())
    published = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == path.as_uri())
    assert [d["code"] for d in published["params"]["diagnostics"]] == ["E0204"]
    reply = client.request(2, "textDocument/definition", {"textDocument": {"uri": path.as_uri()}, "position": {"line": 3, "character": 8}})
    assert reply["result"]["uri"] == (tmp_path / "tags.cap").as_uri()


def test_junk_parameters_to_every_method(raw, examples):
    # Every method the server knows, with parameters of every wrong shape:
    # each gets an answer (a result or an error), and the server lives on.
    import random
    methods = ["textDocument/hover", "textDocument/definition", "textDocument/declaration", "textDocument/references",
               "textDocument/documentHighlight", "textDocument/prepareRename", "textDocument/rename",
               "textDocument/completion", "textDocument/documentSymbol", "workspace/symbol", "textDocument/foldingRange",
               "textDocument/semanticTokens/full", "textDocument/codeAction", "textDocument/formatting"]
    uri = (examples / "members.cap").as_uri()
    junk = [None, 0, -1, 2**53, 1.5, "", "x" * 1000, [], {}, True, {"line": -5, "character": -5},
            {"line": 2**40, "character": 2**40}, {"line": "1", "character": None}, {"uri": 7}, {"uri": uri}]
    rng = random.Random(32)
    client = raw()
    client.initialize(examples)
    open_doc(client, examples / "members.cap", (examples / "members.cap").read_text())
    notifications = ["textDocument/didChange", "textDocument/didOpen", "textDocument/didClose", "$/cancelRequest"]
    id = 1
    for round in range(300):
        params = {"textDocument": rng.choice(junk + [{"uri": uri}]), "position": rng.choice(junk),
                  "range": {"start": rng.choice(junk), "end": rng.choice(junk)}, "newName": rng.choice(junk),
                  "query": rng.choice(junk), "context": rng.choice(junk), "options": rng.choice(junk)}
        for key in list(params):
            if rng.random() < 0.3:
                del params[key]
        if round % 10 == 0:
            client.notify(rng.choice(notifications), rng.choice([params, None, [], "x"]))
        id += 1
        reply = client.request(id, rng.choice(methods), rng.choice([params, params, None, [], 5]))
        assert "result" in reply or reply["error"]["code"] in (-32602, -32803), reply
    assert client.process.poll() is None
    reply = client.request(id + 1, "workspace/symbol", {"query": "talita"})
    assert "talita" in [s["name"] for s in reply["result"]]
