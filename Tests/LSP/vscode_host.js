// Runs editors/vscode/extension.js under Node as VS Code would load it,
// with stand-ins for the two modules it requires and that only VS Code and
// npm provide here: `vscode` (the editor's API: settings, workspace folders,
// open documents, file watchers) and `vscode-languageclient/node` (the
// client library). The stand-in client does what the real one does with the
// options the extension gives it, and no more: it starts the server with
// the command, arguments and transport given, sends `initialize` with the
// initialization options, opens the documents its document selector
// matches, collects the diagnostics published, and on `stop` sends
// `shutdown` and `exit`. What the extension passes is recorded and printed
// as one JSON object for Tests/LSP/test_vscode.py to check.
//
//   node vscode_host.js EXTENSION.js SETUP.json
//
// SETUP.json: {"settings": {...}, "folder": "/abs", "documents":
// [{"uri": ..., "languageId": ..., "text": ...}], "waitFor": [uri, ...]}
"use strict";
const Module = require("module");
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

const [extensionPath, setupPath] = process.argv.slice(2);
const setup = JSON.parse(fs.readFileSync(setupPath, "utf8"));
const record = { settingsRead: [], watchers: [], clients: [] };

// ---- `vscode`: the part of the editor's API the extension reads.
const vscode = {
  workspace: {
    getConfiguration(section) {
      return {
        get(key) {
          const name = `${section}.${key}`;
          record.settingsRead.push(name);
          return setup.settings[name];
        },
      };
    },
    createFileSystemWatcher(glob) {
      record.watchers.push(glob);
      return { dispose() {} };
    },
    workspaceFolders: [{ uri: { toString: () => pathToFileURL(setup.folder).href, fsPath: setup.folder }, name: "folder", index: 0 }],
    textDocuments: setup.documents,
  },
};

// A document selector as VS Code matches it: every given property equal.
function matches(selector, document) {
  const scheme = document.uri.slice(0, document.uri.indexOf(":"));
  return selector.some((filter) => typeof filter === "string"
    ? filter === document.languageId
    : (!filter.language || filter.language === document.languageId) && (!filter.scheme || filter.scheme === scheme)
      && (!filter.pattern || filter.pattern === "**/*.cap" && document.uri.endsWith(".cap")));
}

// ---- `vscode-languageclient/node`: a client doing what the real one does
// with the options it is given.
const TransportKind = { stdio: 0, ipc: 1, pipe: 2, socket: 3 };

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    this.info = { id, name, serverOptions, clientOptions, opened: [], diagnostics: {}, initializeResult: null, exitCode: null };
    record.clients.push(this.info);
    this.nextId = 1;
    this.waiting = new Map();
    this.buffer = Buffer.alloc(0);
  }

  send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    this.send({ id, method, params });
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.slice(0, end).toString())[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.slice(end + 4, end + 4 + length).toString("utf8"));
      this.buffer = this.buffer.slice(end + 4 + length);
      if (message.method === "textDocument/publishDiagnostics") {
        this.info.diagnostics[message.params.uri] = message.params.diagnostics.map((d) => d.code);
        this.checkWaits();
      } else if (message.id !== undefined && this.waiting.has(message.id)) {
        this.waiting.get(message.id)(message);
        this.waiting.delete(message.id);
      }
    }
  }

  checkWaits() {
    if (this.diagnosticsArrived && setup.waitFor.every((uri) => uri in this.info.diagnostics)) {
      this.diagnosticsArrived();
      this.diagnosticsArrived = null;
    }
  }

  async start() {
    const run = this.info.serverOptions.run;
    if (run.transport !== TransportKind.stdio) throw new Error("the stand-in speaks stdio only");
    this.process = spawn(run.command, run.args, { stdio: ["pipe", "pipe", "inherit"], cwd: setup.folder });
    this.exited = new Promise((resolve) => this.process.on("exit", (code) => { this.info.exitCode = code; resolve(); }));
    this.process.stdout.on("data", (chunk) => this.receive(chunk));
    const root = vscode.workspace.workspaceFolders[0].uri.toString();
    const reply = await this.request("initialize", {
      processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: "folder" }],
      capabilities: {}, initializationOptions: this.info.clientOptions.initializationOptions,
    });
    this.info.initializeResult = reply.result || reply.error;
    this.send({ method: "initialized", params: {} });
    for (const document of vscode.workspace.textDocuments) {
      if (!matches(this.info.clientOptions.documentSelector, document)) continue;
      this.info.opened.push(document.uri);
      this.send({ method: "textDocument/didOpen", params: { textDocument: { ...document, version: 1 } } });
    }
    await new Promise((resolve) => { this.diagnosticsArrived = resolve; this.checkWaits(); });
  }

  async stop() {
    if (!this.process || this.info.exitCode !== null) return;
    await this.request("shutdown", null);
    this.send({ method: "exit", params: null });
    await this.exited;
  }
}

const stubs = { vscode, "vscode-languageclient/node": { LanguageClient, TransportKind } };
const load = Module._load;
Module._load = function (request, parent, isMain) {
  return request in stubs ? stubs[request] : load.call(this, request, parent, isMain);
};

(async () => {
  const extension = require(path.resolve(extensionPath));
  const context = { subscriptions: [] };
  const timer = setTimeout(() => { console.log(JSON.stringify({ ...record, error: "timed out" })); process.exit(3); }, 120000);
  await extension.activate(context);
  record.subscriptions = context.subscriptions.length;
  await extension.deactivate();
  clearTimeout(timer);
  console.log(JSON.stringify(record));
})().catch((error) => {
  console.log(JSON.stringify({ ...record, error: String(error && error.stack || error) }));
  process.exit(2);
});
