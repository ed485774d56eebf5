# Shared by the bin/ commands: where the project is, and building the jars they run on demand.
# shellcheck shell=bash

TRAILFLOW_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TRAILFLOW_VERSION="0.1.0-SNAPSHOT"
TOOLS_JAR="$TRAILFLOW_HOME/udfs/target/trailflow-udfs-$TRAILFLOW_VERSION-tools.jar"

die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# Servers are started from other directories and found again by their paths.
absolute() {
  if [[ "$1" == /* ]]; then echo "$1"; else echo "$PWD/$1"; fi
}

STATE_FALLBACK_BASE=/var/tmp/trailflow-state

# Where the local servers keep data, logs and pid files: TRAILFLOW_STATE, else <project>/.local. Run
# as root, OpenSearch runs as a system user that must reach that folder; when a folder above the
# project does not let other users through (a 0700 home, a mktemp -d folder), a folder of this checkout's
# own under /var/tmp is used instead.
state_root() {
  if [[ -n "${TRAILFLOW_STATE:-}" ]]; then
    absolute "$TRAILFLOW_STATE"
  elif [[ $EUID -eq 0 ]] && ! others_can_reach "$TRAILFLOW_HOME"; then
    echo "$STATE_FALLBACK_BASE/$(basename "$TRAILFLOW_HOME")-$(printf '%s' "$TRAILFLOW_HOME" | sha256sum | cut -c1-12)"
  else
    echo "$TRAILFLOW_HOME/.local"
  fi
}

# True when every folder from / down to $1 lets other users through; when stat cannot tell, assume so.
others_can_reach() {
  local d="$1" mode
  while true; do
    mode="$(stat -c %a "$d" 2>/dev/null)" || return 0
    (( (8#$mode & 1) == 1 )) || return 1
    [[ "$d" == / ]] && return 0
    d="$(dirname "$d")"
  done
}

# Says where the servers' state is when it is not in the project.
state_note() {
  local root
  root="$(state_root)"
  if [[ -z "${TRAILFLOW_STATE:-}" && "$root" != "$TRAILFLOW_HOME/.local" ]]; then
    echo "$(basename "$0"): other users cannot reach $TRAILFLOW_HOME, so the servers' state is in $root (TRAILFLOW_STATE sets it)" >&2
  fi
}

need_java() {
  command -v java >/dev/null 2>&1 || die "java not found: install a JDK 11 or newer"
}

# build_if_stale OUTPUT LABEL MVN_ARGS... -- SOURCES...: runs Maven when OUTPUT is missing or older
# than any of SOURCES.
build_if_stale() {
  local out="$1" label="$2" args=()
  shift 2
  while [[ "$1" != "--" ]]; do args+=("$1"); shift; done
  shift
  need_java
  if [[ ! -f "$out" ]] || [[ -n "$(find "$@" "$TRAILFLOW_HOME/pom.xml" -newer "$out" -print -quit 2>/dev/null)" ]]; then
    command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8+ to build trailflow"
    echo "building $label ..." >&2
    (cd "$TRAILFLOW_HOME" && mvn -B -q ${args[@]+"${args[@]}"} install -DskipTests) >&2 || die "build failed"
    # Maven leaves a classpath file untouched when its content is the same: mark the build as done.
    touch "$out"
  fi
}

# Builds udfs' runnable jar (bin/trailflow-inspect) when it is missing or older than its sources.
ensure_tools_jar() {
  build_if_stale "$TOOLS_JAR" trailflow-udfs -pl udfs -am -- "$TRAILFLOW_HOME/udfs/src/main" "$TRAILFLOW_HOME/udfs/pom.xml"
}

GENERATOR_CLASSPATH_FILE="$TRAILFLOW_HOME/generator/target/classpath.txt"

# Builds the generator (and udfs) for bin/trailflow-generate.
ensure_generator_built() {
  build_if_stale "$GENERATOR_CLASSPATH_FILE" trailflow-generator -pl generator -am -- \
    "$TRAILFLOW_HOME/udfs/src/main" "$TRAILFLOW_HOME/udfs/pom.xml" \
    "$TRAILFLOW_HOME/generator/src/main" "$TRAILFLOW_HOME/generator/pom.xml"
}

# The generator and what it needs; no Flink.
generator_classpath() {
  echo "$TRAILFLOW_HOME/generator/target/classes:$(cat "$GENERATOR_CLASSPATH_FILE")"
}

# As the poms' flink.jdk.opens: Flink's state serializers reach into JDK classes on Java 17.
FLINK_JDK_OPENS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)

JOB_CLASSPATH_FILE="$TRAILFLOW_HOME/job/target/local-classpath.txt"
TOOLS_CLASSPATH_FILE="$TRAILFLOW_HOME/tools/target/classpath.txt"

# Builds every module when the classpath file of tools (the last module built) is missing or older than the
# sources. The job's test helpers count: the tools module uses them.
ensure_job_built() {
  local m sources=()
  for m in udfs generator job tools; do
    sources+=("$TRAILFLOW_HOME/$m/src/main" "$TRAILFLOW_HOME/$m/pom.xml")
  done
  build_if_stale "$TOOLS_CLASSPATH_FILE" trailflow -- "${sources[@]}" "$TRAILFLOW_HOME/dashboards" "$TRAILFLOW_HOME/job/src/test/java/dev/trailflow/job/sources"
  [[ -f "$JOB_CLASSPATH_FILE" ]] || die "build left no $JOB_CLASSPATH_FILE"
}

# The tools (local runner, benchmarks), the generator and the job with every dependency, Flink
# included, for the commands that run the job embedded.
job_classpath() {
  echo "$TRAILFLOW_HOME/tools/target/classes:$(cat "$TOOLS_CLASSPATH_FILE"):$(cat "$JOB_CLASSPATH_FILE")"
}
