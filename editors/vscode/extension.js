// Starts `cap lsp` for the workspace and connects VS Code to it. Everything
// the editor shows beyond highlighting (diagnostics, hover, definition,
// references, rename, completion, symbols, quick fixes) comes from the
// server; this file only starts it.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("cap");
  const command = config.get("path") || "cap";
  const diagnosticsURL = config.get("diagnosticsURL") || undefined;
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient("cap", "cap", { run: server, debug: server }, {
    // Files on disk and never-saved buffers (the server analyses both).
    documentSelector: [{ scheme: "file", language: "cap" }, { scheme: "untitled", language: "cap" }],
    initializationOptions: diagnosticsURL ? { diagnosticsURL } : {},
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.cap") },
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
