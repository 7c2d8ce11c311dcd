# The two commands of the README:
#   make run   installs what is missing, builds cap, checks Examples/
#   make test  runs the whole test suite
SWIFT ?= swift
RELEASE_FLAGS = -c release --static-swift-stdlib
CAP = .build/release/cap

.PHONY: run test build deps bench clean

run: deps build
	$(CAP) check Examples

build:
	$(SWIFT) build $(RELEASE_FLAGS)

# libedit-dev is needed by the REPL; installed through apt when missing.
deps:
	@if ! dpkg -s libedit-dev >/dev/null 2>&1; then \
		echo "installing libedit-dev"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q libedit-dev; \
	fi

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: build
	Benchmarks/run

clean:
	rm -rf .build out
