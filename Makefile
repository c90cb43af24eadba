# tinybpf — the two commands a newcomer needs are `make demo` and `make test`.
# Every target installs what it is missing first (scripts/setup; versions in scripts/versions.env).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

JAVA_HOME := $(shell scripts/find-java 2>/dev/null)
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)
# Maven's bundled guava warns about sun.misc.Unsafe on JDK 25; the warning is not ours.
export MAVEN_OPTS ?= --sun-misc-unsafe-memory-access=allow
MVN := mvn -B -q -ntp
JAR := target/tinybpf.jar
SOURCES := $(shell find src/main -type f) pom.xml

# On a developer machine a failed install only makes the dependent tests skip (with a reason);
# under CI=true it is an error, like every missing capability.
SETUP = scripts/setup $(1) || { [ "$${CI:-}" != true ] && echo "setup incomplete: dependent tests will skip" >&2; }

.PHONY: build setup test test-fast test-slow fuzz demo bench bench-build clean doctor

build: $(JAR)

$(JAR): $(SOURCES)
	@scripts/setup java
	$(MVN) package -DskipTests
	@scripts/aot-cache

setup:
	scripts/setup all

## Unit tests that need no TinyGo, LLVM or kernel: the quick loop.
test-fast:
	@scripts/setup java
	$(MVN) test -Dtest.excludedGroups=llvm,tinygo,kernel,fuzz

## Everything: unit, LLVM, TinyGo and kernel tests (CI runs this).
test:
	@$(call SETUP,all)
	$(MVN) verify
	@scripts/aot-cache

## Long fuzzing: every Jazzer target for TINYBPF_FUZZ_SECONDS (default 600) each, one after the
## other; a finding fails it (inputs under target/fuzz/NAME/). `make test` runs all for 5 s each in one JVM.
## TINYBPF_FUZZ_TARGET=NAME[,NAME...] runs only those (names: src/test/java/io/tinybpf/fuzz/FuzzTargets.java).
fuzz:
	@$(call SETUP,llvm)
	TINYBPF_FUZZ_SECONDS=$${TINYBPF_FUZZ_SECONDS:-600} $(MVN) test -Dtest.groups=fuzz -Dtest=FuzzRunTest -Dsurefire.failIfNoSpecifiedTests=false

## Only the slow suites (LLVM, TinyGo, kernel).
test-slow:
	@$(call SETUP,all)
	$(MVN) test -Dtest.groups=llvm,tinygo,kernel

# demo and bench need the toolchain and the kernel, not the parser tests' C corpus
demo: $(JAR)
	@scripts/setup llvm tinygo kernel
	scripts/demo

doctor: $(JAR)
	bin/tinybpf doctor

bench: $(JAR)
	@scripts/setup llvm tinygo kernel
	scripts/bench

clean:
	rm -rf target
