# The fixtures of Tests/LSP, defined in lsp_helpers.py (which the tests
# also import for cap_binary and RawClient).
from lsp_helpers import examples, raw  # noqa: F401
