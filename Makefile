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
IMAGE := target/image/bin/tinybpf
SOURCES := $(shell find src/main -type f) pom.xml
PREFIX ?= /usr/local

# On a developer machine a failed install only makes the dependent tests skip (with a reason);
# under CI=true it is an error, like every missing capability.
SETUP = scripts/setup $(1) || { [ "$${CI:-}" != true ] && echo "setup incomplete: dependent tests will skip" >&2; }

.PHONY: build setup test test-fast test-host test-slow fuzz demo bench bench-code bench-build clean doctor install uninstall dist install-java

## target/image: the native client, the jar, a jlink runtime, the AOT cache, man page, completions
build: $(IMAGE)

$(IMAGE): $(SOURCES) scripts/image scripts/build-id
	@scripts/setup java
	@echo "building tinybpf with Maven, then the image: client, runtime, AOT cache (the first build downloads Maven's plugins and takes about a minute)..." >&2
	@t0=$$(date +%s); $(MVN) package -DskipTests; echo "built target/image in $$(( $$(date +%s) - t0 )) s" >&2
	@touch $(IMAGE)

## Installs tinybpf and everything it needs at run time into $(PREFIX) (DESTDIR is honoured),
## and the Java library into the local Maven repository (install-java).
install: $(IMAGE) install-java
	@scripts/install "$(DESTDIR)$(PREFIX)"

uninstall:
	@scripts/install --uninstall "$(DESTDIR)$(PREFIX)"

## A reproducible tarball of the image with its SHA-256 (target/dist/).
dist: $(IMAGE)
	@scripts/dist

setup:
	scripts/setup all

## The Java library in the local Maven repository (~/.m2/repository/io/tinybpf/tinybpf/<version>/):
## the jar with its sources and javadoc, for Java programs that depend on io.tinybpf:tinybpf (docs/java.md).
## `make install` runs this too.
install-java:
	@scripts/setup java
	$(MVN) -Plibrary install -DskipTests

## Unit tests that need no TinyGo, LLVM or kernel: the quick loop.
test-fast:
	@scripts/setup java
	@scripts/test-summary --start
	@$(MVN) test -Dtest.excludedGroups=llvm,tinygo,kernel,vm,fuzz || { rc=$$?; scripts/test-summary; exit $$rc; }
	@scripts/test-summary

## Everything: unit, LLVM, TinyGo and kernel tests (CI runs this).
# Each test target ends with "N passed, M failed, K skipped" (scripts/test-summary), also when it fails.
test:
	@$(call SETUP,all)
	@scripts/test-summary --start
	@$(MVN) verify || { rc=$$?; scripts/test-summary; exit $$rc; }
	@scripts/test-summary

## Long fuzzing: every Jazzer target for TINYBPF_FUZZ_SECONDS (default 600) each, one after the
## other; a finding fails it (inputs under target/fuzz/NAME/). `make test` runs all for 5 s each in one JVM.
## TINYBPF_FUZZ_TARGET=NAME[,NAME...] runs only those (names: src/test/java/io/tinybpf/fuzz/FuzzTargets.java).
fuzz:
	@$(call SETUP,llvm)
	TINYBPF_FUZZ_SECONDS=$${TINYBPF_FUZZ_SECONDS:-600} $(MVN) test -Dtest.groups=fuzz -Dtest=FuzzRunTest -Dsurefire.failIfNoSpecifiedTests=false

## Everything on the running kernel only: no VMs (the kernel matrix adds a few minutes).
test-host:
	@$(call SETUP,java llvm tinygo kernel corpus)
	@scripts/test-summary --start
	@$(MVN) verify -Dtinybpf.test.kernels= -Dtest.excludedGroups=vm || { rc=$$?; scripts/test-summary; exit $$rc; }
	@scripts/test-summary

## Only the slow suites (LLVM, TinyGo, kernel).
test-slow:
	@$(call SETUP,all)
	@scripts/test-summary --start
	@$(MVN) test -Dtest.groups=llvm,tinygo,kernel,vm || { rc=$$?; scripts/test-summary; exit $$rc; }
	@scripts/test-summary

# demo and bench need the toolchain and the kernel, not the parser tests' C corpus
demo: $(IMAGE)
	@scripts/setup llvm tinygo kernel
	scripts/demo

doctor: $(IMAGE)
	bin/tinybpf doctor

bench: $(IMAGE)
	@scripts/setup llvm tinygo kernel bench
	scripts/bench

## The code-quality benchmark alone (bench/code: Go programs against C twins, counts from the kernel; make bench runs it too).
bench-code:
	@scripts/setup java llvm tinygo kernel
	scripts/bench-code

clean:
	rm -rf target
