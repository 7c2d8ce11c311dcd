"""The TextMate grammar of editors/vscode, run by a real TextMate engine
(textmate-grammar-python, over Oniguruma as VS Code's is): every file of
Examples/ and every case file tokenises, every word of Examples/ gets a
scope of its own, and each kind of token gets its scope."""
import json
import pathlib

import pytest
from textmate_grammar.parsers.base import LanguageParser

from lsp_helpers import EXAMPLES, ROOT

GRAMMAR = ROOT / "editors" / "vscode" / "syntaxes" / "cap.tmLanguage.json"
EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.cap"))
CASE_FILES = sorted(p for p in (ROOT / "Tests" / "Cases").rglob("*.cap") if p.is_file())


@pytest.fixture(scope="module")
def parser():
    return LanguageParser(json.loads(GRAMMAR.read_text()))


def tokens(parser, text):
    """(text, innermost scope) for each token, in order."""
    element = parser.parse_string(text)
    return [(content, scopes[-1] if scopes else "source.cap") for _, content, scopes in element.flatten()]


def scope_of(toks, word, occurrence=0):
    found = [scope for content, scope in toks if content == word]
    assert len(found) > occurrence, f"no token {word!r} in {toks[:40]}"
    return found[occurrence]


def test_each_kind_of_token_in_data(parser):
    text = (
        '// Members.\n'
        'include "tags.cap"\n'
        'member talita "Talita \\"S\\"" {\n'
        '  country GB-NIR\n'
        '  joined 2017-02\n'
        '  tags covid19, exit_pathways\n'
        '  role { title "Director"; since 2019 }\n'
        '  date 2021-06-22 12:00 CEST\n'
        '  verified true\n'
        '  figure { name "members"; value 1_200_000 }\n'
        '}\n'
    )
    toks = tokens(parser, text)
    assert scope_of(toks, "// Members.") == "comment.line.double-slash.cap"
    assert scope_of(toks, "include") == "keyword.control.import.cap"
    assert scope_of(toks, "member") == "storage.type.entity.cap"
    assert scope_of(toks, "talita") == "entity.name.type.cap"
    assert scope_of(toks, '\\"') == "constant.character.escape.cap"
    assert scope_of(toks, "country") == "variable.other.property.cap"
    assert scope_of(toks, "GB-NIR") == "constant.other.country.cap"
    assert scope_of(toks, "2017-02") == "constant.numeric.date.cap"
    assert scope_of(toks, "covid19") == "variable.other.reference.cap"
    assert scope_of(toks, "exit_pathways") == "variable.other.reference.cap"
    assert scope_of(toks, "title") == "variable.other.property.cap"
    assert scope_of(toks, "since") == "variable.other.property.cap"
    assert scope_of(toks, "2019") == "constant.numeric.date.cap"
    assert scope_of(toks, "2021-06-22 12:00 CEST") == "constant.numeric.date.cap"
    assert scope_of(toks, "true") == "constant.language.boolean.cap"
    assert scope_of(toks, "1_200_000") == "constant.numeric.integer.cap"
    assert scope_of(toks, "{") == "punctuation.section.block.begin.cap"


def test_each_kind_of_token_in_scripts(parser):
    text = (
        'let new_in_2017 = members | where joined == 2017 and country in [SE, FR]\n'
        '  | sort name desc\n'
        'assert events | all date <= today, "no event in the future"\n'
        'print "{count(members)} members"\n'
    )
    toks = tokens(parser, text)
    assert scope_of(toks, "let") == "keyword.other.statement.cap"
    assert scope_of(toks, "new_in_2017") == "entity.name.function.cap"
    assert scope_of(toks, "|") == "keyword.operator.pipe.cap"
    assert scope_of(toks, "where") == "support.function.stage.cap"
    assert scope_of(toks, "sort") == "support.function.stage.cap"
    assert scope_of(toks, "and") == "keyword.operator.word.cap"
    assert scope_of(toks, "==") == "keyword.operator.cap"
    assert scope_of(toks, "desc") == "keyword.other.order.cap"
    assert scope_of(toks, "assert") == "keyword.other.statement.cap"
    assert scope_of(toks, "members") == "variable.other.cap"
    assert scope_of(toks, "count") == "support.function.cap"
    assert scope_of(toks, '"no event in the future"') == "string.quoted.double.cap"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.relative_to(EXAMPLES).as_posix() for p in EXAMPLE_FILES])
def test_every_word_of_the_examples_has_a_scope(parser, path):
    toks = tokens(parser, path.read_text())
    bare = [content for content, scope in toks if scope == "source.cap" and any(c.isalnum() for c in content)]
    assert bare == [], f"words with no scope in {path.name}: {bare[:10]}"


def test_the_examples_kinds_ids_and_fields(parser):
    toks = tokens(parser, (EXAMPLES / "laws" / "se.cap").read_text())
    assert scope_of(toks, "law") == "storage.type.entity.cap"
    assert scope_of(toks, "se_1999") == "entity.name.type.cap"
    assert scope_of(toks, "jurisdiction") == "variable.other.property.cap"
    assert scope_of(toks, "SE") == "constant.other.country.cap"
    assert scope_of(toks, "1998-05") == "constant.numeric.date.cap"
    assert scope_of(toks, "abolitionist") == "variable.other.reference.cap"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.relative_to(ROOT / "Tests" / "Cases").as_posix() for p in CASE_FILES])
def test_every_case_file_tokenises(parser, path):
    # Case files hold every kind of mistake: the grammar must still get
    # through each to its end (an unclosed string or block ends at the file's end).
    text = path.read_bytes().decode("utf-8", errors="replace")
    element = parser.parse_string(text)
    assert element is not None
