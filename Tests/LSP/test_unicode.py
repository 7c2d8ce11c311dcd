"""Positions are UTF-16 code units, as the protocol counts: on a line with
accents, Arabic, Korean and emoji before the word, every reply's column is
the one the editor shows, and every request's column finds the word."""
import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp_helpers import cap_binary
from test_features import change, diagnostics_for, doc, hover_text, open_file

pytestmark = pytest.mark.asyncio(loop_scope="function")

# One line each: an accent (1 unit), Arabic (1 unit each), Korean (1 unit
# each), and emoji beyond U+FFFF (2 units each, one of them with a
# skin-tone modifier: 4 units for what looks like one character).
LINE = 'member société "Société — منظمة — 단체 — 🎉✊🏽" { country SE; tags covid19 }\n'
BAD = 'member 단체 "Société — منظمة — 단체 — 🎉✊🏽" { country XX; tags covid19 }\n'


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[cap_binary(), "lsp"]))
async def client(lsp_client: LanguageClient, examples):
    await lsp_client.initialize_session(t.InitializeParams(capabilities=t.ClientCapabilities(), root_uri=examples.as_uri()))
    lsp_client.root = examples
    yield
    await lsp_client.shutdown_session()


async def test_columns_after_accents_arabic_korean_and_emoji(client):
    path = client.root / "unicode.cap"
    path.write_text("// Written by the test.\n")
    open_file(client, path, "// Written by the test.\n" + LINE.replace("société", "societe"))
    # Columns counted by hand: `member societe "` is 16 units, `Société — `
    # 10, `منظمة — ` 8, `단체 — ` 5; then 🎉 (2) ✊ (1) 🏽 (2) and `" { country `
    # (12): SE is at 56.
    se = t.Position(line=1, character=56)
    assert "**SE**: Sweden" in await hover_text(client, path, se)
    result = await client.text_document_hover_async(t.HoverParams(text_document=doc(path), position=se))
    assert result.range == t.Range(start=t.Position(line=1, character=56), end=t.Position(line=1, character=58))
    # `; tags ` then covid19 at 65: its definition is in tags.cap.
    covid = t.Position(line=1, character=67)
    found = await client.text_document_definition_async(t.DefinitionParams(text_document=doc(path), position=covid))
    assert found.uri == (client.root / "tags.cap").as_uri()
    refs = await client.text_document_references_async(t.ReferenceParams(
        text_document=doc(path), position=covid, context=t.ReferenceContext(include_declaration=False)))
    mine = [r.range for r in refs if r.uri == path.as_uri()]
    assert mine == [t.Range(start=t.Position(line=1, character=65), end=t.Position(line=1, character=72))]


async def test_a_diagnostic_after_emoji_has_utf16_columns(client):
    path = client.root / "unicode.cap"
    path.write_text("// Written by the test.\n")
    text = "// Written by the test.\n" + BAD.replace("member 단체", "member dan_che")
    open_file(client, path, text)
    found = await diagnostics_for(client, path.as_uri(), lambda ds: any(d.code == "E0209" for d in ds))
    d = next(d for d in found if d.code == "E0209")
    # `member dan_che "` is as long as `member societe "`: XX at 56, as above.
    assert d.range == t.Range(start=t.Position(line=1, character=56), end=t.Position(line=1, character=58))


async def test_edits_in_utf16_columns_apply_where_the_editor_means(client):
    path = client.root / "unicode.cap"
    path.write_text("// Written by the test.\n")
    text = "// Written by the test.\n" + LINE.replace("société", "societe")
    open_file(client, path, text)
    # Replace SE (columns 56 to 58, after the emoji) by FR, as an editor sends it.
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=2),
        content_changes=[t.TextDocumentContentChangePartial(
            range=t.Range(start=t.Position(line=1, character=56), end=t.Position(line=1, character=58)), text="FR")]))
    assert "**FR**: France" in await hover_text(client, path, t.Position(line=1, character=57))
