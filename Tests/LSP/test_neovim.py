"""Neovim (Debian's, headless) as a real client of `cap lsp`, set up by
editors/vim: it opens Examples/, receives diagnostics, jumps to a
definition and renames an id (neovim_session.lua drives it)."""
import json
import os
import shutil
import subprocess

import pytest

from lsp_helpers import ROOT, cap_binary

NVIM = shutil.which("nvim")


@pytest.mark.skipif(NVIM is None and not os.environ.get("CI"), reason="neovim is not installed (make test installs it)")
def test_neovim_diagnostics_definition_and_rename(examples, tmp_path):
    assert NVIM, "neovim is missing: `make test` installs it"
    result_file = tmp_path / "result.json"
    env = dict(os.environ, CAP_NVIM_RESULT=str(result_file), HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    command = [NVIM, "--headless", "--clean",
               "--cmd", f"set runtimepath^={ROOT / 'editors' / 'vim'}",
               "--cmd", f"let g:cap_lsp_cmd = ['{cap_binary()}', 'lsp']",
               "-c", f"luafile {ROOT / 'Tests' / 'LSP' / 'neovim_session.lua'}"]
    subprocess.run(command, cwd=examples, env=env, timeout=180, stdin=subprocess.DEVNULL, capture_output=True)
    result = json.loads(result_file.read_text())
    assert "error" not in result, result["error"]
    assert result["filetype"] == "cap"
    assert result["attached"] is True
    assert set(result["diagnostic_codes"]) == {"W0702"}
    assert (result["definition_file"], result["definition_line"], result["definition_word"]) == ("members.cap", 173, "talita")
    assert result["renamed_declaration"] == 'member talita_sweden "Talita" {'
    # Both signatures in statements.cap, renamed in its buffer.
    assert result["renamed_in_statements"] == 2
