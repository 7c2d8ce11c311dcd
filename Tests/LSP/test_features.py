"""Every feature of `cap lsp`, driven over stdio by pytest-lsp, an
independent client, on a copy of Examples/. Expected values are written
here, as a user reading the editor would check them."""
import asyncio
import pathlib
import re

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp_helpers import cap_binary

pytestmark = pytest.mark.asyncio(loop_scope="function")


def utf16(text):
    return len(text.encode("utf-16-le")) // 2


def position(text, needle, occurrence=0, inside=0):
    """The position of the `occurrence`th `needle` in `text`, plus `inside`
    characters, in lines and UTF-16 units as the protocol counts."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    at += inside
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    return t.Position(line=line, character=utf16(text[start:at]))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[cap_binary(), "lsp"]))
async def client(lsp_client: LanguageClient, examples):
    await lsp_client.initialize_session(t.InitializeParams(
        capabilities=t.ClientCapabilities(), root_uri=examples.as_uri(),
        workspace_folders=[t.WorkspaceFolder(uri=examples.as_uri(), name="Examples")]))
    lsp_client.root = examples
    yield
    await lsp_client.shutdown_session()


def open_file(client, path, text=None, version=1):
    text = path.read_text() if text is None else text
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        text_document=t.TextDocumentItem(uri=path.as_uri(), language_id="cap", version=version, text=text)))
    return text


def change(client, path, text, version):
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)]))


async def diagnostics_for(client, uri, predicate, attempts=40):
    """Waits for published diagnostics of `uri` for which `predicate` holds."""
    for _ in range(attempts):
        found = client.diagnostics.get(uri)
        if found is not None and predicate(found):
            return found
        try:
            await asyncio.wait_for(client.wait_for_notification("textDocument/publishDiagnostics"), 20)
        except asyncio.TimeoutError:
            break
    raise AssertionError(f"no such diagnostics for {uri}: {client.diagnostics.get(uri)}")


def doc(path):
    return t.TextDocumentIdentifier(uri=path.as_uri())


async def hover_text(client, path, pos):
    result = await client.text_document_hover_async(t.HoverParams(text_document=doc(path), position=pos))
    assert result is not None
    return result.contents.value


# Diagnostics

async def test_diagnostics_as_the_user_types_and_cleared_when_fixed(client):
    path = client.root / "members.cap"
    text = open_file(client, path)
    broken = text.replace("  country CO\n", "  contry CO\n", 1)
    change(client, path, broken, 2)
    found = await diagnostics_for(client, path.as_uri(), lambda ds: any(d.code == "E0202" for d in ds))
    d = next(d for d in found if d.code == "E0202")
    assert d.severity == t.DiagnosticSeverity.Error
    assert d.source == "cap"
    assert "'contry'" in d.message
    assert d.range.start == position(broken, "contry") and d.range.end == position(broken, "contry", inside=6)
    change(client, path, text, 3)
    await diagnostics_for(client, path.as_uri(), lambda ds: not any(d.severity == t.DiagnosticSeverity.Error for d in ds))


async def test_diagnostics_of_included_files_and_their_codes(client):
    # The coalition's declared figures disagree with the data (W0702), in a file not opened.
    coalition = (client.root / "coalition.cap").as_uri()
    found = await diagnostics_for(client, coalition, lambda ds: len(ds) > 0)
    assert {d.code for d in found} == {"W0702"}
    assert all(d.severity == t.DiagnosticSeverity.Warning for d in found)


async def test_quick_fix_from_a_did_you_mean(client):
    path = client.root / "members.cap"
    text = open_file(client, path)
    broken = text.replace("  country CO\n", "  contry CO\n", 1)
    change(client, path, broken, 2)
    await diagnostics_for(client, path.as_uri(), lambda ds: any(d.code == "E0202" for d in ds))
    at = position(broken, "contry")
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=doc(path), range=t.Range(start=at, end=at), context=t.CodeActionContext(diagnostics=[])))
    fix = next(a for a in actions if a.title == "Replace 'contry' with 'country'")
    assert fix.kind == t.CodeActionKind.QuickFix
    edit = fix.edit.changes[path.as_uri()][0]
    assert edit.new_text == "country"
    assert edit.range.start == at


async def test_quick_fix_adds_a_missing_required_field(client):
    path = client.root / "members.cap"
    text = open_file(client, path)
    broken = text.replace("  country CO\n", "", 1)
    change(client, path, broken, 2)
    found = await diagnostics_for(client, path.as_uri(), lambda ds: any(d.code == "E0207" for d in ds))
    d = next(d for d in found if d.code == "E0207")
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=doc(path), range=d.range, context=t.CodeActionContext(diagnostics=[d])))
    add = next(a for a in actions if a.title == "Add the field 'country'")
    edit = add.edit.changes[path.as_uri()][0]
    assert edit.new_text == "  country \n"
    # Before the declaration's closing brace, at the start of its line.
    closing = position(broken, "\n}", inside=1)
    assert edit.range.start == closing == edit.range.end


# Hover

async def test_hover_on_an_id_gives_kind_name_key_fields_and_place(client):
    path = client.root / "statements.cap"
    text = open_file(client, path)
    value = await hover_text(client, path, position(text, "signatories cap, talita", inside=18))
    assert value.startswith("**member** `talita` — Talita")
    assert "- country SE" in value
    assert "declared in members.cap:173" in value


async def test_hover_on_codes_fields_and_enumeration_words(client):
    path = client.root / "laws" / "se.cap"
    text = open_file(client, path)
    assert "**SE**: Sweden" in await hover_text(client, path, position(text, "jurisdiction SE", inside=13))
    model = await hover_text(client, path, position(text, "model abolitionist", inside=1))
    assert model.startswith("field **model**: ")
    word = await hover_text(client, path, position(text, "model abolitionist", inside=8))
    assert word.startswith("**abolitionist** (model): ")


async def test_hover_on_a_diagnostic_explains_its_code(client):
    path = client.root / "members.cap"
    text = open_file(client, path)
    broken = text.replace("  country CO\n", "  contry CO\n", 1)
    change(client, path, broken, 2)
    await diagnostics_for(client, path.as_uri(), lambda ds: any(d.code == "E0202" for d in ds))
    value = await hover_text(client, path, position(broken, "contry", inside=2))
    assert "E0202: " in value and "Fix: " in value


# Navigation

async def test_definition_of_a_reference_in_another_file(client):
    path = client.root / "statements.cap"
    text = open_file(client, path)
    result = await client.text_document_definition_async(t.DefinitionParams(
        text_document=doc(path), position=position(text, "signatories cap, talita", inside=18)))
    members = (client.root / "members.cap").read_text()
    assert result.uri == (client.root / "members.cap").as_uri()
    assert result.range.start == position(members, 'member talita "', inside=7)
    assert result.range.end == position(members, 'member talita "', inside=13)


async def test_definition_of_an_include_and_a_let(client):
    path = client.root / "coalition.cap"
    text = open_file(client, path)
    result = await client.text_document_definition_async(t.DefinitionParams(
        text_document=doc(path), position=position(text, 'include "laws/se.cap"', inside=12)))
    assert result.uri == (client.root / "laws" / "se.cap").as_uri()
    assert result.range.start == t.Position(line=0, character=0)
    rules = client.root / "rules.cap"
    rules_text = open_file(client, rules)
    result = await client.text_document_definition_async(t.DefinitionParams(
        text_document=doc(rules), position=position(rules_text, "assert new_in_2017", inside=9)))
    assert result.uri == rules.as_uri()
    assert result.range.start == position(rules_text, "let new_in_2017", inside=4)


async def test_references_and_highlights(client):
    path = client.root / "members.cap"
    text = open_file(client, path)
    at = position(text, 'member talita "', inside=8)
    refs = await client.text_document_references_async(t.ReferenceParams(
        text_document=doc(path), position=at, context=t.ReferenceContext(include_declaration=True)))
    places = sorted((pathlib.Path(r.uri[7:]).relative_to(client.root).as_posix(), r.range.start.line) for r in refs)
    # The declaration, the organiser of an event and two signatures: the
    # lines where the word is written (as grep finds them).
    def lines_with(name, pattern):
        lines = (client.root / name).read_text().split("\n")
        return [(name, i) for i, line in enumerate(lines) if re.search(pattern, line)]
    expected = (lines_with("events/2017.cap", r"organisers .*\btalita\b") + lines_with("members.cap", r'^member talita "')
                + lines_with("statements.cap", r"\btalita\b"))
    assert len(expected) == 4
    assert places == expected
    statements = client.root / "statements.cap"
    s_text = open_file(client, statements)
    highlights = await client.text_document_document_highlight_async(t.DocumentHighlightParams(
        text_document=doc(statements), position=position(s_text, "signatories cap, talita", inside=18)))
    assert sorted(h.range.start.line for h in highlights) == [line for _, line in expected[2:]]


# Rename

async def test_prepare_rename_refuses_keywords_fields_and_codes(client):
    path = client.root / "laws" / "se.cap"
    text = open_file(client, path)
    for needle, inside in [("law se_1999", 1), ("jurisdiction SE", 1), ("jurisdiction SE", 13), ("model abolitionist", 8)]:
        with pytest.raises(Exception) as failure:
            await client.text_document_prepare_rename_async(t.PrepareRenameParams(
                text_document=doc(path), position=position(text, needle, inside=inside)))
        assert "cannot be renamed" in str(failure.value)
    ok = await client.text_document_prepare_rename_async(t.PrepareRenameParams(
        text_document=doc(path), position=position(text, "law se_1999", inside=6)))
    assert ok.placeholder == "se_1999"


async def test_rename_an_id_across_files(client):
    path = client.root / "members.cap"
    text = open_file(client, path)
    edit = await client.text_document_rename_async(t.RenameParams(
        text_document=doc(path), position=position(text, 'member talita "', inside=8), new_name="talita_sweden"))
    files = {pathlib.Path(uri[7:]).relative_to(client.root).as_posix(): len(edits) for uri, edits in edit.changes.items()}
    assert files == {"events/2017.cap": 1, "members.cap": 1, "statements.cap": 2}
    assert all(e.new_text == "talita_sweden" for edits in edit.changes.values() for e in edits)


async def test_rename_refuses_a_name_that_is_taken_or_not_an_id(client):
    path = client.root / "members.cap"
    text = open_file(client, path)
    at = position(text, 'member talita "', inside=8)
    for name, why in [("talita_asia", "already the id"), ("let", "word of the language"), ("2talita", "not an id"),
                      ("member", "kind of entity")]:
        with pytest.raises(Exception) as failure:
            await client.text_document_rename_async(t.RenameParams(text_document=doc(path), position=at, new_name=name))
        assert why in str(failure.value)


async def test_rename_a_let(client):
    path = client.root / "rules.cap"
    text = open_file(client, path)
    edit = await client.text_document_rename_async(t.RenameParams(
        text_document=doc(path), position=position(text, "let new_in_2017", inside=5), new_name="joined_2017"))
    edits = edit.changes[path.as_uri()]
    # The let, and the rule that uses it.
    uses = [i for i, line in enumerate(text.split("\n")) if re.search(r"\bnew_in_2017\b", line)]
    assert len(uses) == 2
    assert sorted(e.range.start.line for e in edits) == uses


# Completion

async def labels(client, path, pos):
    result = await client.text_document_completion_async(t.CompletionParams(text_document=doc(path), position=pos))
    return [item.label for item in result.items], result


async def test_completion_of_fields_a_block_may_still_take(client):
    path = client.root / "members.cap"
    text = open_file(client, path)
    typed = text.replace("  joined 2017-02\n", "  joined 2017-02\n  we\n", 1)
    change(client, path, typed, 2)
    names, _ = await labels(client, path, position(typed, "\n  we\n", inside=5))
    assert names == ["website"]
    typed = text.replace("  joined 2017-02\n", "  joined 2017-02\n  \n", 1)
    change(client, path, typed, 3)
    names, _ = await labels(client, path, position(typed, "\n  \n", inside=3))
    # country, joined and description are given already; aka, figure, tags
    # and translation (one per language) are lists, which may be given again.
    assert names == ["left", "city", "website", "aka", "figure", "tags", "translation", "founded", "part_of"]


async def test_completion_of_values_by_field_type(client):
    path = client.root / "laws" / "se.cap"
    text = open_file(client, path)
    typed = text.replace("  model abolitionist\n", "  model ab\n", 1)
    change(client, path, typed, 2)
    names, _ = await labels(client, path, position(typed, "model ab", inside=8))
    assert names == ["abolitionist"]
    typed = text.replace("  jurisdiction SE\n", "  jurisdiction swe\n", 1)
    change(client, path, typed, 3)
    names, result = await labels(client, path, position(typed, "jurisdiction swe", inside=16))
    assert "SE" in names
    assert next(i for i in result.items if i.label == "SE").detail == "Sweden"


async def test_completion_of_ids_of_the_kinds_a_field_accepts(client):
    path = client.root / "statements.cap"
    text = open_file(client, path)
    typed = text.replace("  signatories cap, talita\n", "  signatories cap, tal\n", 1)
    change(client, path, typed, 2)
    names, result = await labels(client, path, position(typed, "signatories cap, tal", inside=20))
    assert sorted(names) == ["talita", "talita_asia"]
    assert {i.detail for i in result.items} == {"member"}


async def test_completion_in_scripts_and_includes(client):
    path = client.root / "rules.cap"
    text = open_file(client, path)
    typed = text + "\nlet x = members | wh\n"
    change(client, path, typed, 2)
    names, _ = await labels(client, path, position(typed, "members | wh", inside=12))
    assert names == ["where"]
    typed = text + "\nlet y = laws | where ju\n"
    change(client, path, typed, 3)
    names, _ = await labels(client, path, position(typed, "laws | where ju", inside=15))
    assert names == ["jurisdiction"]
    typed = text + "\nlet z = talita.co\n"
    change(client, path, typed, 4)
    names, _ = await labels(client, path, position(typed, "talita.co", inside=9))
    assert names == ["country"]
    coalition = client.root / "coalition.cap"
    c_text = open_file(client, coalition)
    typed = c_text.replace('include "tags.cap"\n', 'include "tags.cap"\ninclude "laws/n\n', 1)
    change(client, coalition, typed, 2)
    names, _ = await labels(client, coalition, position(typed, 'include "laws/n', inside=15))
    assert names == ["laws/nl.cap", "laws/no.cap"]


# Symbols, folding, semantic tokens

async def test_document_and_workspace_symbols(client):
    path = client.root / "members.cap"
    open_file(client, path)
    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=doc(path)))
    talita = next(s for s in symbols if s.name == "talita")
    assert talita.detail == "member Talita"
    assert talita.selection_range.start.line == 172
    found = await client.workspace_symbol_async(t.WorkspaceSymbolParams(query="se_1999"))
    assert [(s.name, s.container_name) for s in found] == [("se_1999", "law")]


async def test_folding_ranges(client):
    path = client.root / "members.cap"
    text = open_file(client, path)
    ranges = await client.text_document_folding_range_async(t.FoldingRangeParams(text_document=doc(path)))
    talita = text[:text.index('member talita "')].count("\n")
    assert any(r.start_line == talita and r.end_line == talita + 4 for r in ranges)
    # The opening comment, lines 1 to 19, is one comment range.
    assert any(r.start_line == 0 and r.kind == t.FoldingRangeKind.Comment for r in ranges)


async def test_semantic_tokens(client):
    path = client.root / "laws" / "se.cap"
    text = open_file(client, path)
    legend = client.capabilities and None
    result = await client.text_document_semantic_tokens_full_async(t.SemanticTokensParams(text_document=doc(path)))
    types = ["keyword", "type", "variable", "property", "string", "number", "comment", "enumMember", "function",
             "parameter", "namespace"]
    line = col = 0
    tokens = {}
    data = result.data
    lines = text.split("\n")
    for i in range(0, len(data), 5):
        line += data[i]
        col = data[i + 1] if data[i] else col + data[i + 1]
        word = lines[line].encode("utf-16-le")[col * 2:(col + data[i + 2]) * 2].decode("utf-16-le")
        tokens.setdefault(word, types[data[i + 3]])
    assert tokens["law"] == "type"
    assert tokens["se_1999"] == "variable"
    assert tokens["model"] == "property"
    assert tokens["abolitionist"] == "enumMember"
    assert tokens['"Sex Purchase Act"'] == "string"


# A file with a syntax error: answered from the recovered tree.

async def test_navigation_hover_and_completion_in_a_file_with_a_syntax_error(client):
    path = client.root / "statements.cap"
    text = open_file(client, path)
    broken = text.replace("  signatories cap, talita\n", "  signatories cap, talita\n  date 2017-\"\n", 1)
    change(client, path, broken, 2)
    await diagnostics_for(client, path.as_uri(), lambda ds: any(d.severity == t.DiagnosticSeverity.Error for d in ds))
    at = position(broken, "signatories cap, talita", inside=18)
    assert (await hover_text(client, path, at)).startswith("**member** `talita`")
    result = await client.text_document_definition_async(t.DefinitionParams(text_document=doc(path), position=at))
    assert result.uri == (client.root / "members.cap").as_uri()


# Formatting, by cap fmt's formatter

async def test_formatting_gives_cap_fmts_layout(client):
    path = client.root / "messy.cap"
    messy = '// Members, written in a hurry.\nmember talita_two "Talita" { country SE; joined 2014 }\n\n\n\nmember   ruhama_two "Ruhama" {\n    country IE      // Ireland\n}\n'
    path.write_text(messy)
    open_file(client, path, messy)
    edits = await client.text_document_formatting_async(t.DocumentFormattingParams(
        text_document=doc(path), options=t.FormattingOptions(tab_size=8, insert_spaces=False)))
    assert len(edits) == 1
    assert edits[0].range == t.Range(start=t.Position(line=0, character=0), end=t.Position(line=8, character=0))
    assert edits[0].new_text == (
        '// Members, written in a hurry.\n'
        'member talita_two "Talita" {\n'
        '  country SE\n'
        '  joined 2014\n'
        '}\n'
        '\n'
        'member ruhama_two "Ruhama" {\n'
        '  country IE // Ireland\n'
        '}\n')
    # Formatted already: nothing to change.
    change(client, path, edits[0].new_text, 2)
    unchanged = await client.text_document_formatting_async(t.DocumentFormattingParams(
        text_document=doc(path), options=t.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert unchanged is not None and list(unchanged) == []
    # A file that does not parse is left alone.
    change(client, path, 'member talita_two "Talita {\n', 3)
    assert await client.text_document_formatting_async(t.DocumentFormattingParams(
        text_document=doc(path), options=t.FormattingOptions(tab_size=2, insert_spaces=True))) is None


# Go to definition into the schema: the data's declarations, or the prelude.

def line_of(uri, line):
    return pathlib.Path(uri[len("file://"):]).read_text().split("\n")[line]


async def test_definition_of_built_in_fields_and_kinds_opens_the_prelude(client):
    path = client.root / "people.cap"
    text = open_file(client, path)
    # The kind word `person`, a field of the kind, a field of the `role` record.
    places = {
        "person": (position(text, "\nperson ", inside=1), "kind person "),
        "country": (position(text, "  country", inside=3), "  country "),
        "title": (position(text, "    title", inside=5), "  title "),
    }
    prelude = None
    for word, (at, line_start) in places.items():
        result = await client.text_document_definition_async(t.DefinitionParams(text_document=doc(path), position=at))
        assert result is not None, word
        assert result.uri.endswith(".cap") and "prelude" in result.uri
        prelude = prelude or result.uri
        assert result.uri == prelude
        line = line_of(result.uri, result.range.start.line)
        assert line.startswith(line_start), (word, line)
        assert line[result.range.start.character:result.range.end.character] == word
    lines = pathlib.Path(prelude[len("file://"):]).read_text().split("\n")
    # `country` is the person's (not the member's), `title` is role's.
    country = await client.text_document_definition_async(t.DefinitionParams(text_document=doc(path), position=places["country"][0]))
    above = [l for l in lines[:country.range.start.line] if l.startswith(("kind ", "record "))]
    assert above[-1].startswith("kind person ")
    title = await client.text_document_definition_async(t.DefinitionParams(text_document=doc(path), position=places["title"][0]))
    above = [l for l in lines[:title.range.start.line] if l.startswith(("kind ", "record "))]
    assert above[-1].startswith("record role ")
    # Shown read-only, and never analysed as data when the editor opens it.
    import os
    import stat
    prelude_path = pathlib.Path(prelude[len("file://"):])
    assert not os.stat(prelude_path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    client.text_document_did_open(t.DidOpenTextDocumentParams(text_document=t.TextDocumentItem(
        uri=prelude, language_id="cap", version=1, text=prelude_path.read_text())))
    members = client.root / "members.cap"
    open_file(client, members)
    await diagnostics_for(client, members.as_uri(), lambda ds: len(ds) == 0)
    assert not client.diagnostics.get(prelude)


async def test_definition_of_declared_kinds_and_fields_opens_their_declaration(client):
    path = client.root / "treaties.cap"
    text = ('kind treaty "An international convention." {\n'
            '  header title\n'
            '  signed { type date; doc "When it was signed." }\n'
            '}\n'
            'extend member {\n'
            '  hq { type string; doc "Where its office is." }\n'
            '}\n'
            'treaty palermo "Palermo Protocol" {\n'
            '  signed 2000-12-12\n'
            '}\n'
            'member hq_test "HQ" {\n'
            '  country SE\n'
            '  hq "Stockholm"\n'
            '}\n')
    path.write_text(text)
    open_file(client, path, text)
    await diagnostics_for(client, path.as_uri(), lambda ds: len(ds) == 0)
    for at, target in [(position(text, "treaty palermo"), position(text, "kind treaty", inside=5)),
                       (position(text, "  signed 2000", inside=3), position(text, "  signed {", inside=2)),
                       (position(text, '  hq "', inside=2), position(text, "  hq {", inside=2))]:
        result = await client.text_document_definition_async(t.DefinitionParams(text_document=doc(path), position=at))
        assert result.uri == path.as_uri()
        assert result.range.start == target
    # A built-in field of a kind the data extends is still the prelude's.
    result = await client.text_document_definition_async(t.DefinitionParams(
        text_document=doc(path), position=position(text, "  country SE", inside=3)))
    assert "prelude" in result.uri and line_of(result.uri, result.range.start.line).startswith("  country ")


async def test_definition_of_a_field_in_a_query_opens_its_kinds_declarations(client):
    path = client.root / "queries.cap"
    text = ('kind treaty "An international convention." {\n'
            '  header title\n'
            '  signed { type date; doc "When it was signed." }\n'
            '}\n'
            'treaty palermo "Palermo Protocol" {\n'
            '  signed 2000-12-12\n'
            '}\n'
            'let early = treaties | where signed < 2001\n'
            'let passed_dates = laws | map passed\n'
            'let places = events | map partners.country\n')
    path.write_text(text)
    open_file(client, path, text)
    await diagnostics_for(client, path.as_uri(), lambda ds: len(ds) == 0)

    async def definitions(needle, inside):
        result = await client.text_document_definition_async(t.DefinitionParams(
            text_document=doc(path), position=position(text, needle, inside=inside)))
        return result if isinstance(result, list) else [result]

    # A declared kind's field, inside `where`: the data's own declaration.
    [signed] = await definitions("where signed", 7)
    assert signed.uri == path.as_uri() and signed.range.start == position(text, "  signed {", inside=2)
    # A built-in kind's field inside `map`: the law's line of the prelude.
    [passed] = await definitions("map passed", 5)
    assert "prelude" in passed.uri and line_of(passed.uri, passed.range.start.line).startswith("  passed ")
    lines = pathlib.Path(passed.uri[len("file://"):]).read_text().split("\n")
    assert [l for l in lines[:passed.range.start.line] if l.startswith("kind ")][-1].startswith("kind law ")
    # After a dot, over what an event's partners may be: each kind's `country`.
    found = await definitions("partners.country", 10)
    kinds = sorted([l for l in lines[:d.range.start.line] if l.startswith("kind ")][-1].split(" ")[1] for d in found)
    assert kinds == ["coalition", "member", "partner"]
    assert all(line_of(d.uri, d.range.start.line).startswith("  country ") for d in found)


# Buffers never saved: an `untitled:` one and a new file not yet on disk.

async def test_a_never_saved_buffer_is_analysed_with_the_workspace(client):
    untitled = "untitled:Untitled-1"
    text = 'event scratch "A scratch event" {\n  date 2017-03-14\n  organisers talita\n  colour red\n}\n'
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        text_document=t.TextDocumentItem(uri=untitled, language_id="cap", version=1, text=text)))
    found = await diagnostics_for(client, untitled, lambda ds: len(ds) > 0)
    assert [d.code for d in found] == ["E0202"]
    assert found[0].range.start == position(text, "colour")
    # Hover on the reference into the workspace, definition to its declaration.
    at = position(text, "organisers talita", inside=12)
    result = await client.text_document_hover_async(t.HoverParams(text_document=t.TextDocumentIdentifier(uri=untitled), position=at))
    assert result.contents.value.startswith("**member** `talita`")
    result = await client.text_document_definition_async(t.DefinitionParams(text_document=t.TextDocumentIdentifier(uri=untitled), position=at))
    assert result.uri == (client.root / "members.cap").as_uri()
    # Completion in it: the fields an event may still take.
    typed = text.replace("  colour red\n", "  ci\n")
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=untitled, version=2),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=typed)]))
    result = await client.text_document_completion_async(t.CompletionParams(
        text_document=t.TextDocumentIdentifier(uri=untitled), position=position(typed, "  ci", inside=4)))
    items = result.items if hasattr(result, "items") else result
    assert [i.label for i in items] == ["city"]

    # Its includes are read from the workspace folder.
    second = "untitled:Untitled-2"
    including = 'include "tags.cap"\nmember scratch_member "S" {\n  country SE\n  tags covid19\n}\n'
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        text_document=t.TextDocumentItem(uri=second, language_id="cap", version=1, text=including)))
    await diagnostics_for(client, second, lambda ds: len(ds) == 0)
    result = await client.text_document_definition_async(t.DefinitionParams(
        text_document=t.TextDocumentIdentifier(uri=second), position=position(including, 'include "tags', inside=10)))
    assert result.uri == (client.root / "tags.cap").as_uri()

    # A file: URI with nothing on disk yet, inside the folder, whose id another file uses.
    new = client.root / "new.cap"
    assert not new.exists()
    open_file(client, new, 'tag brand_new "New" { }\nmember nm "NM" {\n  country XX\n}\n')
    found = await diagnostics_for(client, new.as_uri(), lambda ds: len(ds) > 0)
    assert [d.code for d in found] == ["E0209"]
    members = client.root / "members.cap"
    members_text = open_file(client, members)
    uses = members_text.replace("  joined 2017-02\n", "  joined 2017-02\n  tags brand_new\n", 1)
    change(client, members, uses, 2)
    await diagnostics_for(client, members.as_uri(), lambda ds: len(ds) == 0)
