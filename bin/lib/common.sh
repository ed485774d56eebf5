# Shared by the bin/ commands: where the project is, and building the jars they run on demand.
# shellcheck shell=bash

TRAILFLOW_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TRAILFLOW_VERSION="0.1.0-SNAPSHOT"
TOOLS_JAR="$TRAILFLOW_HOME/udfs/target/trailflow-udfs-$TRAILFLOW_VERSION-tools.jar"

die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

need_java() {
  command -v java >/dev/null 2>&1 || die "java not found: install a JDK 11 or newer"
}

# Builds udfs' runnable jar when it is missing or older than its sources.
ensure_tools_jar() {
  need_java
  if [[ ! -f "$TOOLS_JAR" ]] || [[ -n "$(find "$TRAILFLOW_HOME/udfs/src/main" "$TRAILFLOW_HOME/udfs/pom.xml" "$TRAILFLOW_HOME/pom.xml" -newer "$TOOLS_JAR" -print -quit)" ]]; then
    command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8+ to build trailflow"
    echo "building trailflow-udfs ..." >&2
    (cd "$TRAILFLOW_HOME" && mvn -B -q -pl udfs -am install -DskipTests) >&2 || die "build failed"
  fi
}
