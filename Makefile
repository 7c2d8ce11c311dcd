# The two commands of the README:
#   make run   installs what is missing, builds cap, checks Examples/, builds out/
#   make test  runs the whole test suite
SWIFT ?= swift
RELEASE_FLAGS = -c release --static-swift-stdlib
CAP = .build/release/cap

.PHONY: run test build deps bench clean

# Checks Examples/ and builds everything it declares into out/.
run: deps build
	$(CAP) check Examples
	$(CAP) build -o out Examples

build:
	$(SWIFT) build $(RELEASE_FLAGS)

# libedit-dev is needed by the REPL; installed through apt when missing.
deps:
	@if ! dpkg -s libedit-dev >/dev/null 2>&1; then \
		echo "installing libedit-dev"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q libedit-dev; \
	fi

# The published formats are read back by their consumers' own libraries.
PY_TEST_DEPS = pytest icalendar geojson

test: deps
	@python3 -c "import pytest, icalendar, geojson" 2>/dev/null || python3 -m pip install --quiet $(PY_TEST_DEPS)
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
