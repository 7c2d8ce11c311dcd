# The two commands of the README:
#   make run   installs what is missing, builds cap, checks Examples/, builds out/
#   make test  runs the whole test suite
SWIFT ?= swift
# The library is split into layers (ARCHITECTURE.md); cross-module
# optimisation lets the compiler inline and specialise across them as it did
# within one module, and exclusivity is enforced at compile time only, as
# before the split (Benchmarks/README.md, "The layered library"). Passed
# here rather than in Package.swift, whose library targets carry no
# unsafeFlags so that another package can depend on them.
RELEASE_FLAGS = -c release --static-swift-stdlib -Xswiftc -cross-module-optimization -Xswiftc -enforce-exclusivity=unchecked
CAP = .build/release/cap

.PHONY: run test build deps bench clean

# Checks Examples/ and builds everything it declares into out/.
run: deps build
	$(CAP) check Examples
	$(CAP) build -o out Examples

build: deps
	$(SWIFT) build $(RELEASE_FLAGS)

# libedit-dev is needed by the REPL; installed through apt when missing.
deps:
	@if ! dpkg -s libedit-dev >/dev/null 2>&1; then \
		echo "installing libedit-dev"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q libedit-dev; \
	fi

# The published formats are read back by their consumers' own libraries.
PY_TEST_DEPS = pytest icalendar geojson markdown-it-py

test: deps
	@python3 -c "import pytest, icalendar, geojson, markdown_it" 2>/dev/null || python3 -m pip install --quiet $(PY_TEST_DEPS)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	python3 -m pytest -q Tests/Consumers

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
# a hang over 1 s or more than 2 GB of memory stops the run and is saved in
# Fuzz/.build/findings/<target>/ (a timeout that does not recur when the input
# is replayed alone was the machine, and the run goes on). FUZZ_FLAGS adds
# libFuzzer options. --sanitize fuzzer makes SwiftPM link libFuzzer's main;
# the sanitizers are then given to swiftc again as one list, because SwiftPM
# passes each --sanitize as its own -sanitize= flag and the driver keeps only
# the last, which would leave Cap without coverage or without ASan.
SECONDS ?= 60
RUNS ?= 0
FUZZ_TARGETS = lexer parser checker pipeline
FUZZ_FLAGS ?=
.PHONY: fuzz

fuzz:
	@# SwiftPM keeps the plan of a package reached by path, file list and
	@# all: a file added to Sources/ since the last fuzz build was left
	@# out, and the build failed. Removing the plan makes it list them again.
	rm -f Fuzz/.build/release.yaml Fuzz/.build/*/release/description.json
	$(SWIFT) build --package-path Fuzz -c release --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
	Fuzz/seed-corpus.sh Fuzz/.build/seeds
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
