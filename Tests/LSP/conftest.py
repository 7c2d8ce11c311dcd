# The fixtures of Tests/LSP, defined in lsp_helpers.py (which the tests
# also import for cap_binary and RawClient).
from lsp_helpers import examples, raw  # noqa: F401

# `cap lsp` writes the prelude it shows for "go to definition" of built-in
# kinds and fields into the cache folder: a scratch one, not the user's.
import os
import tempfile

os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="cap-lsp-cache-")
