#!/usr/bin/env bash
# JMH micro-benchmarks (not part of the tests): bench/jmh.sh [BenchmarkRegex] [extra JMH options]
#   bench/jmh.sh SessionBench            session verification, cache hit and miss per algorithm
#   bench/jmh.sh ArticleBench            article lookup (cache hit)
#   bench/jmh.sh ClickBench.record       what a redirect pays to record a click
#   bench/jmh.sh ClickBench.flush10k     one 10,000-click write into the embedded store
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
# Defaults (1 fork, 3 warm-ups and 5 measurements of 2 s) unless options are given.
if [ $# -gt 1 ]; then
  exec java -cp "$CP" org.openjdk.jmh.Main "$1" "${@:2}"
fi
exec java -cp "$CP" org.openjdk.jmh.Main "${1:-.*Bench.*}" -f 1 -wi 3 -w 2s -i 5 -r 2s
