# Shared by the commands that run local servers (bin/opensearch, bin/s3-local): where installs and
# per-instance state live, fetching from Maven Central, pid files, and waiting for a port.
# shellcheck shell=bash

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

say() {
  echo "$(basename "$0"): $*" >&2
}

# Runtime failures exit 1; common.sh's die (exit 2) is kept for usage errors.
fail() {
  say "$*"
  exit 1
}

need_cmd() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 not found: $2"
}

# root's home is usually 0700, so an unprivileged service user could not read an install kept there.
cache_root() {
  if [[ -n "${TRAILFLOW_CACHE:-}" ]]; then
    absolute "$TRAILFLOW_CACHE"
  elif [[ $EUID -eq 0 ]]; then
    echo /var/cache/trailflow
  else
    absolute "${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/trailflow"
  fi
}

valid_port() {
  [[ "$1" =~ ^[0-9]+$ ]] && (( $1 >= 1 && $1 <= 65535 ))
}

# The JDK a server runs on: JAVA_HOME when set, else the one `java` on the PATH belongs to.
java_home() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    [[ -x "$JAVA_HOME/bin/java" ]] || fail "JAVA_HOME=$JAVA_HOME has no bin/java"
    echo "$JAVA_HOME"
  else
    need_java
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  fi
}

# Serialises installs into the cache, so two instances started at once on a fresh machine do not
# both unpack into the same place. Without flock the rename at the end of an install still keeps
# a half-written install from ever being used.
lock_acquire() {
  mkdir -p "$(dirname "$1")"
  exec {LOCK_FD}>"$1"
  if command -v flock >/dev/null 2>&1; then
    flock "$LOCK_FD"
  fi
}

lock_release() {
  exec {LOCK_FD}>&-
}

# fetch_artifact GROUP:ARTIFACT:VERSION:TYPE[:CLASSIFIER] DIR -> prints the path of the file in DIR.
# Goes through Maven so the user's settings (mirrors, proxies) and local repository apply.
fetch_artifact() {
  local coords="$1" dir="$2" tmp file
  need_cmd mvn "install Maven 3.8+ (artifacts are fetched from Maven Central)"
  mkdir -p "$dir"
  tmp="$(mktemp -d "$dir/.fetch.XXXXXX")"
  say "fetching $coords from Maven Central ..."
  # Run outside the project, so Maven does not read (or build) the project's pom. Its output is
  # kept for a failure only: Maven 3.8 prints colour codes even in batch mode.
  if ! (cd "$tmp" && mvn -B -q -Dstyle.color=never \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="$coords" -DoutputDirectory="$tmp/out") >"$tmp/mvn.log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$tmp/mvn.log" >&2
    rm -rf "$tmp"
    fail "could not fetch $coords"
  fi
  file="$(find "$tmp/out" -maxdepth 1 -type f 2>/dev/null | head -n 1)"
  [[ -n "$file" ]] || { rm -rf "$tmp"; fail "Maven reported success but fetched nothing for $coords"; }
  mv -f "$file" "$dir/"
  rm -rf "$tmp"
  echo "$dir/$(basename "$file")"
}

# unzip is not on every minimal machine; the JDK's jar tool or python3 can stand in, but neither
# keeps Unix permissions, so callers restore executable bits themselves.
extract_zip() {
  local zip="$1" dest="$2"
  mkdir -p "$dest"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$zip" -d "$dest"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$zip" "$dest"
  elif command -v jar >/dev/null 2>&1; then
    (cd "$dest" && jar xf "$zip")
  else
    fail "cannot unpack $zip: install unzip (or python3, or a JDK with the jar tool)"
  fi
}

# pid_of PIDFILE MARKER: prints the pid and succeeds only when that process is alive and its
# command line contains MARKER (the instance's state dir), so a recycled pid is never mistaken
# for the server. The pid file of a dead process is removed; one whose process is alive but does
# not match yet is kept, as a freshly forked server has not exec'd java for a moment.
pid_of() {
  local pidfile="$1" marker="$2" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  if [[ -z "$pid" ]] || ! alive "$pid"; then
    rm -f "$pidfile" 2>/dev/null || true
    return 1
  fi
  if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"; then
    return 1
  fi
  echo "$pid"
}

# Read from /proc where there is one: kill -0 fails for another user's process (the server root
# started as its service user), and a zombie left by a container's non-reaping init has exited.
alive() {
  local stat
  if [[ -d /proc/self ]]; then
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    [[ "${stat##*) }" != Z* ]]
  else
    kill -0 "$1" 2>/dev/null
  fi
}

# stop_pidfile NAME PIDFILE MARKER: ends exactly the process in the pid file, politely first.
stop_pidfile() {
  local name="$1" pidfile="$2" marker="$3" pid i
  if ! pid="$(pid_of "$pidfile" "$marker")"; then
    say "$name is not running"
    return 0
  fi
  say "stopping $name (pid $pid) ..."
  kill -TERM "$pid" 2>/dev/null || fail "cannot signal $name (pid $pid): it belongs to another user"
  for ((i = 0; i < 60; i++)); do
    alive "$pid" || break
    sleep 0.5
  done
  if alive "$pid"; then
    say "$name (pid $pid) did not stop within 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do
      alive "$pid" || break
      sleep 0.25
    done
  fi
  rm -f "$pidfile"
  say "$name stopped"
}

# HTTP status of a local URL; 000 when nothing answers.
http_code() {
  curl -s -o /dev/null --max-time 3 -w '%{http_code}' "$1" 2>/dev/null || true
}

# Over HTTP, or over HTTPS with any certificate (a server with TLS on the port answers too).
port_answers() {
  local code
  code="$(http_code "http://127.0.0.1:$1/")"
  if [[ -z "$code" || "$code" == 000 ]]; then
    code="$(curl -sk -o /dev/null --max-time 3 -w '%{http_code}' "https://127.0.0.1:$1/" 2>/dev/null || true)"
  fi
  [[ -n "$code" && "$code" != 000 ]]
}

# wait_ready SECONDS PIDFILE MARKER CHECK...: polls CHECK until it succeeds. Gives up early when
# the process in the pid file has died, or never wrote one within a minute.
wait_ready() {
  local timeout="$1" pidfile="$2" marker="$3" start=$SECONDS seen_pid=""
  shift 3
  while ! "$@"; do
    if pid_of "$pidfile" "$marker" >/dev/null; then
      seen_pid=1
    elif [[ -n "$seen_pid" ]]; then
      say "the server exited while starting"
      return 1
    elif (( SECONDS - start > 60 )); then
      say "the server never wrote its pid file"
      return 1
    fi
    if (( SECONDS - start >= timeout )); then
      say "no answer after ${timeout} s"
      return 1
    fi
    sleep 0.5
  done
}

show_log_tail() {
  local f
  for f in "$@"; do
    [[ -s "$f" ]] || continue
    echo "--- last lines of $f" >&2
    tail -n 40 "$f" >&2
  done
}
