# Build targets for `sam build` (template.yaml: Metadata BuildMethod: makefile).
#
# SAM's Java builders build one Maven project; this repository is a multi-module reactor
# (shared + functions/* + local), so each function's target builds its module and the modules it
# depends on through the Maven wrapper, with a JDK >= 21 picked by ./dev, then lays out the
# Lambda zip: every jar under lib/ (the function jar and its runtime dependencies, the shared jar
# included). Lambda's Java runtime puts lib/*.jar on the class path.
#
# SAM calls `make --makefile <this file> build-<LogicalId>` with ARTIFACTS_DIR set, either in the
# source tree (build_in_source = true in samconfig.toml: reuses Maven's incremental output) or in
# a scratch copy of it (sam build --no-build-in-source). Paths here are relative to this file, so
# both work.
#
# Concurrency: with several functions and `sam build --parallel`, SAM runs these targets at the
# same time on the same tree, and two Maven builds writing the same target/ directories (shared/
# at least) would corrupt each other. Each target therefore holds an exclusive flock (util-linux)
# while it builds and copies; the next one finds the shared modules up to date. Where flock is
# missing (macOS) the targets run unlocked: build without --parallel there.

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
MVN_FLAGS ?= -B -q -DskipTests
# The lock file lives in .aws-sam/, SAM's own git-ignored directory.
LOCK_DIR := $(ROOT)/.aws-sam
LOCK := $(if $(shell command -v flock 2>/dev/null),flock 9,:)

.PHONY: build-GuardDutyFindingFunction build-AlarmIncidentFunction build-CasePollerFunction
build-GuardDutyFindingFunction:
	$(call lambda-zip,functions/guardduty-finding,guardduty-finding)

build-AlarmIncidentFunction:
	$(call lambda-zip,functions/alarm-incident,alarm-incident)

build-CasePollerFunction:
	$(call lambda-zip,functions/case-poller,case-poller)

# $(1): the function's module directory, $(2): its artifactId.
# Removing the module's previous output first keeps stale jars (an older version of the function
# jar, or a dependency whose version has since changed) out of lib/, where they would shadow the
# current ones on the class path. Test, source and javadoc jars are not copied.
define lambda-zip
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run this through sam build" >&2; exit 2; }
	@mkdir -p "$(LOCK_DIR)"
	@echo "$(2): ./dev mvn $(MVN_FLAGS) -pl $(1) -am package, then $(1)/target/{$(2)-*.jar,lambda/lib/*.jar} -> $(ARTIFACTS_DIR)/lib/"
	@{ $(LOCK) && \
	  rm -rf "$(ROOT)/$(1)/target/lambda" "$(ROOT)/$(1)/target/$(2)-"*.jar && \
	  (cd "$(ROOT)" && ./dev mvn $(MVN_FLAGS) -pl $(1) -am package) && \
	  rm -rf "$(ARTIFACTS_DIR)/lib" && mkdir -p "$(ARTIFACTS_DIR)/lib" && \
	  cp "$(ROOT)/$(1)/target/lambda/lib/"*.jar "$(ARTIFACTS_DIR)/lib/" && \
	  for jar in "$(ROOT)/$(1)/target/$(2)-"*.jar; do \
	    case "$$jar" in *-sources.jar|*-javadoc.jar|*-tests.jar|*-test-sources.jar) ;; \
	    *) cp "$$jar" "$(ARTIFACTS_DIR)/lib/" || exit 1 ;; esac; \
	  done; \
	} 9>"$(LOCK_DIR)/maven-build.lock"
	@ls "$(ARTIFACTS_DIR)/lib" | grep -q '^$(2)-.*\.jar$$' || { echo "$(2) jar missing from $(ARTIFACTS_DIR)/lib" >&2; exit 1; }
	@ls "$(ARTIFACTS_DIR)/lib" | grep -q '^shared-.*\.jar$$' || { echo "shared jar missing from $(ARTIFACTS_DIR)/lib" >&2; exit 1; }
endef
