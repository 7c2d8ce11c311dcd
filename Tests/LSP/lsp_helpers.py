"""Helpers for the language server's tests: where the `cap` binary is,
a scratch workspace copied from Examples/, and a raw JSON-RPC client for
the tests that must send what no well-behaved client sends."""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "Examples"


def cap_binary():
    """The binary under test: $CAP, else the debug build `make test` makes."""
    path = os.environ.get("CAP") or str(ROOT / ".build" / "debug" / "cap")
    if not os.path.exists(path):
        pytest.fail(f"no cap binary at {path}: run `swift build` first, or set CAP")
    return path


@pytest.fixture
def examples(tmp_path):
    """A copy of Examples/ that a test may edit and rename in."""
    target = tmp_path / "Examples"
    shutil.copytree(EXAMPLES, target)
    return target


class RawClient:
    """Speaks the protocol's framing over a pipe, with nothing checked, so
    that a test can send malformed messages and read exactly what comes back."""

    def __init__(self, cwd=None, env=None):
        # The server's standard error goes to a file, shown when it dies.
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen([cap_binary(), "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.stderr, cwd=cwd, env=env)
        self.messages = []
        self.lock = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        out = self.process.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    with self.lock:
                        self.messages.append(None)
                        self.lock.notify_all()
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers["content-length"])
            body = out.read(length)
            if len(body) < length:
                # The stream ended inside a message (the server was stopped
                # at the end of a test between a header and its body): the
                # end of the stream, as an empty read is.
                with self.lock:
                    self.messages.append(None)
                    self.lock.notify_all()
                return
            with self.lock:
                self.messages.append(json.loads(body))
                self.lock.notify_all()

    def send_bytes(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, id, method, params=None):
        self.send({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
        return self.wait(lambda m: m is not None and m.get("id") == id and "method" not in m)

    def notify(self, method, params=None):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, predicate, timeout=60):
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for m in self.messages:
                    if m is not None and predicate(m):
                        self.messages.remove(m)
                        return m
                if None in self.messages:
                    self.process.wait(timeout=10)
                    self.stderr.seek(0)
                    raise AssertionError(f"the server closed its output (exit {self.process.returncode}): "
                                         + self.stderr.read().decode(errors="replace")[:6000])
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("no such message within %s s" % timeout)
                self.lock.wait(left)

    def initialize(self, root):
        reply = self.request(0, "initialize", {"processId": None, "rootUri": pathlib.Path(root).as_uri(), "capabilities": {}})
        self.notify("initialized", {})
        return reply

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


@pytest.fixture
def raw():
    clients = []

    def make(**kwargs):
        client = RawClient(**kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
