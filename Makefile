# The two commands of the README:
#   make run   installs what is missing, builds cap, checks Examples/, builds out/
#   make test  runs the whole test suite
# What they install: libedit-dev and libsqlite3-dev through apt when missing
# (both), and, for make test, zsh, fish, chromium, poppler-utils, sqlite3, postgresql,
# unicode-cldr-core, iso-codes, locales, neovim, nodejs and python3-venv through apt when missing, then the consumers' Python
# libraries (Tests/Consumers/requirements.txt) and the language server's test
# clients (Tests/LSP/requirements.txt) from PyPI
# into .build/venv. Nothing is installed into any Python of the system.
SWIFT ?= swift
# The library is split into layers (ARCHITECTURE.md); cross-module
# optimisation lets the compiler inline and specialise across them as it did
# within one module, and exclusivity is enforced at compile time only, as
# before the split (Benchmarks/README.md, "The layered library"). Passed
# here rather than in Package.swift, whose library targets carry no
# unsafeFlags so that another package can depend on them.
RELEASE_FLAGS = -c release --static-swift-stdlib -Xswiftc -cross-module-optimization -Xswiftc -enforce-exclusivity=unchecked
CAP = .build/release/cap

.PHONY: run test build deps shells editors bench clean man install uninstall

# Checks Examples/ and builds everything it declares into out/.
run: deps build
	$(CAP) check Examples
	$(CAP) build -o out Examples

build: deps
	$(SWIFT) build $(RELEASE_FLAGS)

# libedit-dev is needed by the REPL, libsqlite3-dev by cap export;
# installed through apt when missing.
DEV_PACKAGES = libedit-dev libsqlite3-dev
deps:
	@for p in $(DEV_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || MISSING="$$MISSING $$p"; done; \
	if [ -n "$$MISSING" ]; then \
		echo "installing$$MISSING"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $$MISSING; \
	fi

# The published formats are read back by their consumers' own libraries,
# pinned in Tests/Consumers/requirements.txt and installed into a virtual
# environment of the build folder: Debian's own python3 refuses pip installs
# (PEP 668, "externally-managed-environment"), and whichever python3 comes
# first on PATH (pyenv, conda, …) is not ours to change. The environment is
# made by Debian's python3 (its venv module is the python3-venv package,
# from apt when missing) and remade when the requirements change.
PY_REQUIREMENTS = Tests/Consumers/requirements.txt
# The language server's clients and the TextMate engine (Tests/LSP).
LSP_REQUIREMENTS = Tests/LSP/requirements.txt
VENV = .build/venv
SYSTEM_PYTHON ?= /usr/bin/python3

$(VENV)/installed: $(PY_REQUIREMENTS) $(LSP_REQUIREMENTS)
	@if ! dpkg -s python3-venv >/dev/null 2>&1; then \
		echo "installing python3-venv"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q python3-venv; \
	fi
	rm -rf $(VENV)
	$(SYSTEM_PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(PY_REQUIREMENTS) -r $(LSP_REQUIREMENTS)
	@touch $@

# The completion scripts are tested in the shells they are for
# (Tests/CapTests/ShellCompletionTests.swift): zsh and fish, from apt when
# missing, without their recommended packages (about 10 MB). bash is
# Debian's own. Only make test needs them; make run does not.
SHELLS = zsh fish
shells:
	@for shell in $(SHELLS); do [ -x /usr/bin/$$shell ] || MISSING="$$MISSING $$shell"; done; \
	if [ -n "$$MISSING" ]; then \
		echo "installing$$MISSING"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends $$MISSING; \
	fi

# cap export's consumers (Tests/CapTests/ExportTests.swift and
# Tests/Consumers/test_share.py): the sqlite3 client, and PostgreSQL, of
# which the tests start a throwaway server under .build (or use the one
# CAP_TEST_POSTGRES_URL names). From apt when missing.
.PHONY: databases
databases:
	@command -v sqlite3 >/dev/null || MISSING="$$MISSING sqlite3"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v psql >/dev/null || MISSING="$$MISSING postgresql"; \
	if [ -n "$$MISSING" ]; then \
		echo "installing$$MISSING"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends $$MISSING; \
	fi

# The generated UN M49 table (Sources/CapSchema/Generated/M49Data.swift) is
# checked to be what Scripts/generate-m49-data.py writes from Debian's
# unicode-cldr-core and iso-codes (Tests/CapTests/RegionsTests.swift). From
# apt when missing.
# The French and Spanish names of publishing
# (Sources/CapPublish/Generated/TranslationData.swift) are checked the same
# way against Scripts/generate-translations.py, from iso-codes' translations
# and the locales package's LC_TIME (Tests/CapTests/PublishLanguageTests.swift).
.PHONY: tables
tables:
	@for p in unicode-cldr-core iso-codes locales; do dpkg -s $$p >/dev/null 2>&1 || MISSING="$$MISSING $$p"; done; \
	if [ -n "$$MISSING" ]; then \
		echo "installing$$MISSING"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends $$MISSING; \
	fi

# The HTML report and map are rendered by headless Chromium
# (Tests/Consumers/test_pages.py): Debian's chromium, from apt when missing,
# without its recommended packages; the report it prints to PDF is read back
# page by page with poppler-utils' pdftotext. Only make test needs them.
.PHONY: chromium
chromium:
	@[ -x /usr/bin/chromium ] || MISSING="$$MISSING chromium"; \
	[ -x /usr/bin/pdftotext ] || MISSING="$$MISSING poppler-utils"; \
	if [ -n "$$MISSING" ]; then \
		echo "installing$$MISSING"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends $$MISSING; \
	fi

# `cap lsp` is tested with Neovim as one of its real clients
# (Tests/LSP/test_neovim.py), and the VS Code extension's entry point runs
# under Node (Tests/LSP/test_vscode.py): Debian's neovim and nodejs, from
# apt when missing, without their recommended packages.
.PHONY: editors
editors:
	@[ -x /usr/bin/nvim ] || MISSING="$$MISSING neovim"; \
	command -v node >/dev/null || command -v nodejs >/dev/null || MISSING="$$MISSING nodejs"; \
	if [ -n "$$MISSING" ]; then \
		echo "installing$$MISSING"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends $$MISSING; \
	fi

# --disable-xctest: the suite is all swift-testing; XCTest's empty run only
# printed "Executed 0 tests" twice before the real one.
test: deps shells databases tables chromium editors $(VENV)/installed
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider -o asyncio_default_fixture_loop_scope=function Tests/Consumers Tests/LSP

# The manual page, cap(1), written by swift-argument-parser's GenerateManual
# plugin from the commands' own help (the same text as cap --help), so it
# cannot fall behind them. The plugin builds the package in debug mode (the
# release build's flags differ, and it would rebuild the release binary
# without them). Dated by the last commit, so that a rebuild gives the same
# page.
# The plugin names its output folder after the executable target.
MAN = .build/plugins/GenerateManual/outputs/CapCLI/cap.1
MAN_DATE = $$(git log -1 --format=%cs 2>/dev/null || date -u +%F)

man: deps
	$(SWIFT) package plugin generate-manual --configuration debug --date $(MAN_DATE)

# Installs cap, its manual page and its completions for bash, zsh and fish
# under PREFIX (DESTDIR for packagers):
#   make install PREFIX=~/.local   (no sudo; ~/.local/bin is on PATH in Debian)
#   sudo make install              (/usr/local)
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
COMPLETIONS = .build/completions

install: build man
	mkdir -p $(COMPLETIONS)
	$(CAP) completions bash > $(COMPLETIONS)/cap
	$(CAP) completions zsh > $(COMPLETIONS)/_cap
	$(CAP) completions fish > $(COMPLETIONS)/cap.fish
	install -d "$(BINDIR)" "$(MANDIR)" "$(BASHDIR)" "$(ZSHDIR)" "$(FISHDIR)"
	install -m 755 $(CAP) "$(BINDIR)/cap"
	install -m 644 $(MAN) "$(MANDIR)/cap.1"
	install -m 644 $(COMPLETIONS)/cap "$(BASHDIR)/cap"
	install -m 644 $(COMPLETIONS)/_cap "$(ZSHDIR)/_cap"
	install -m 644 $(COMPLETIONS)/cap.fish "$(FISHDIR)/cap.fish"

uninstall:
	rm -f "$(BINDIR)/cap" "$(MANDIR)/cap.1" "$(BASHDIR)/cap" "$(ZSHDIR)/_cap" "$(FISHDIR)/cap.fish"

# Timers and peers: hyperfine, jq and GNU time, from apt when missing.
bench: build
	@for tool in hyperfine jq; do command -v $$tool >/dev/null || MISSING="$$MISSING $$tool"; done; \
	[ -x /usr/bin/time ] || MISSING="$$MISSING time"; \
	if [ -n "$$MISSING" ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $$MISSING; \
	fi
	Benchmarks/run

clean:
	rm -rf .build out

# Fuzzing (Fuzz/README.md): builds the libFuzzer targets, in a package of
# their own, then runs each in turn through Fuzz/run.sh for SECONDS, or until
# RUNS inputs have run (make fuzz SECONDS=36000 RUNS=1000000). Inputs that add
# coverage are kept in Fuzz/.build/corpus/<target> for the next run; a crash,
# a hang over 1 s or more than 256 MB of heap for one input (Fuzz/README.md)
# stops the run and is saved in
# Fuzz/.build/findings/<target>/ (a timeout that does not recur when the input
# is replayed alone was the machine, and the run goes on). FUZZ_FLAGS adds
# libFuzzer options. --sanitize fuzzer makes SwiftPM link libFuzzer's main;
# the sanitizers are then given to swiftc again as one list, because SwiftPM
# passes each --sanitize as its own -sanitize= flag and the driver keeps only
# the last, which would leave Cap without coverage or without ASan.
SECONDS ?= 60
RUNS ?= 0
FUZZ_TARGETS = lexer parser checker pipeline script fmt
FUZZ_FLAGS ?=
.PHONY: fuzz

fuzz:
	@# SwiftPM keeps the plan of a package reached by path, file list and
	@# all: a file added to Sources/ since the last fuzz build was left
	@# out, and the build failed. Removing the plan makes it list them again.
	rm -f Fuzz/.build/release.yaml Fuzz/.build/*/release/description.json
	@# Nor did it always recompile a target whose library layers changed
	@# (fuzz-pipeline kept a reference to a type the schema had renamed and
	@# did not link): the targets' own objects are a few seconds to remake.
	rm -rf Fuzz/.build/*/release/fuzz_*.build Fuzz/.build/*/release/FuzzSupport.build
	$(SWIFT) build --package-path Fuzz -c release --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
	Fuzz/seed-corpus.sh Fuzz/.build/seeds
	Fuzz/seed-corpus.sh Fuzz/.build/seeds-script script
	@for t in $(FUZZ_TARGETS); do \
		echo "==> fuzz-$$t for $(SECONDS) s"; \
		Fuzz/run.sh $$t $(SECONDS) $(RUNS) $(FUZZ_FLAGS) || exit 1; \
	done

# The test suite under the address and thread sanitizers, each in its own
# build folder (a sanitizer build is a full rebuild).
.PHONY: asan tsan
asan: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan

tsan: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan
