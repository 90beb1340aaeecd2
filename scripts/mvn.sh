#!/usr/bin/env bash
# Runs the pinned Maven (./mvnw, Maven 3.9.11 from Maven Central) on a JDK 25.
# JDK choice: $JAVA_HOME if it is a JDK 25, else the newest /usr/lib/jvm/temurin-25*; else a clear stop.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
is_jdk25() { [ -x "$1/bin/javac" ] && "$1/bin/java" -version 2>&1 | head -1 | grep -q '"25'; }
if [ -z "${JAVA_HOME:-}" ] || ! is_jdk25 "$JAVA_HOME"; then
  JAVA_HOME=""
  for d in $(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | sort -r); do
    if is_jdk25 "$d"; then JAVA_HOME=$d; break; fi
  done
fi
if [ -z "$JAVA_HOME" ]; then
  echo "jconmon build: no JDK 25 found. Set JAVA_HOME to a JDK 25 or install Temurin 25 under /usr/lib/jvm/temurin-25-jdk-amd64." >&2
  exit 1
fi
export JAVA_HOME
exec "$here/mvnw" -f "$here/pom.xml" "$@"
