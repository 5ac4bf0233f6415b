#!/usr/bin/env bash
# Starts FileJobs on this machine: the REST API, an S3 endpoint and DynamoDB Local in one JVM.
# Builds first when the jar is missing or any source is newer. Ctrl-C stops it cleanly.
# Settings come from FILEJOBS_* variables (see README.md); FILEJOBS_JAVA_OPTS adds JVM options.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "local.sh: '$tool' is required (Java 17+ and Maven 3.8+)" >&2; exit 1; }
done

jar=local/target/filejobs-local.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "Building FileJobs (first start, or the sources changed)..."
  mvn -B -q -DskipTests -pl local -am package
  # The jar plugin leaves an up-to-date jar as it was; a newer stamp keeps the next start from building again.
  touch "$jar"
fi

# A class-data archive of the classes the runtime loads about halves its start. The first start
# after a build records them and writes the archive when the runtime stops (Ctrl-C); later starts
# map it. A build makes the archive stale, and the next start records a new one. The JVM checks the
# archive against the jars itself and starts without it if they differ. FILEJOBS_CDS=false: none.
archive=local/target/filejobs-local.jsa
cds=()
if [ "${FILEJOBS_CDS:-true}" = true ]; then
  if [ -f "$archive" ] && [ -z "$(find "$jar" local/target/lib -newer "$archive" -print -quit)" ]; then
    cds=(-XX:SharedArchiveFile="$archive")
  else
    rm -f "$archive"
    echo "This start records the classes it loads; stopping it writes $archive, so later starts are faster."
    cds=(-XX:ArchiveClassesAtExit="$archive")
  fi
  cds+=(-Xlog:cds=off -Xlog:cds+dynamic=off)
fi

# The optimizing compiler (C2) takes a method ten times later than by default. While the runtime
# starts it spent about as much CPU as the start itself on code that runs a few thousand times and
# never again, on a machine with two cores; what runs hot in a job reaches it later too (the README
# says what that costs a set COPY). FILEJOBS_JAVA_OPTS comes after these and can change them.
jit=(-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=20000 -XX:Tier4CompileThreshold=50000
  -XX:Tier4BackEdgeThreshold=400000)

# exec: the JVM receives Ctrl-C itself and runs its shutdown hooks, which flush DynamoDB Local.
# shellcheck disable=SC2086
exec java "${cds[@]}" "${jit[@]}" ${FILEJOBS_JAVA_OPTS:-} -jar "$jar"
