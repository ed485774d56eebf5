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

# As the poms' flink.jdk.opens: Flink's state serializers reach into JDK classes on Java 17.
FLINK_JDK_OPENS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)

JOB_CLASSPATH_FILE="$TRAILFLOW_HOME/job/target/local-classpath.txt"

# Builds the job (and what it depends on) when its classpath file is missing or older than the sources.
ensure_job_built() {
  need_java
  if [[ ! -f "$JOB_CLASSPATH_FILE" ]] || [[ -n "$(find "$TRAILFLOW_HOME/udfs/src/main" "$TRAILFLOW_HOME/job/src/main" "$TRAILFLOW_HOME/dashboards" "$TRAILFLOW_HOME/pom.xml" "$TRAILFLOW_HOME/job/pom.xml" -newer "$JOB_CLASSPATH_FILE" -print -quit)" ]]; then
    command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8+ to build trailflow"
    echo "building trailflow ..." >&2
    (cd "$TRAILFLOW_HOME" && mvn -B -q install -DskipTests) >&2 || die "build failed"
  fi
}

# The job's classes and every dependency, Flink included, for the commands that run it embedded.
job_classpath() {
  echo "$TRAILFLOW_HOME/job/target/classes:$(cat "$JOB_CLASSPATH_FILE")"
}
