#!/usr/bin/env bash
# Fetches async-profiler's agent library from Maven Central (tools.profiler:async-profiler) into
# bench/profile/lib/, so a throughput run can attach it:
#   --engine-jvm '-Xms2g -Xmx2g -agentpath:bench/profile/lib/libasyncProfiler.so=start,event=cpu,interval=1ms,file=flame.html'
set -euo pipefail
version="${1:-4.1}"
here="$(cd "$(dirname "$0")" && pwd)"
arch="$(uname -m)"
case "$arch" in
  x86_64) platform=linux-x64 ;;
  aarch64) platform=linux-arm64 ;;
  *) echo "async-profiler has no Linux build for $arch" >&2; exit 1 ;;
esac
mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$version" -Dtransitive=false
jar="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
mkdir -p "$here/lib"
unzip -o -q -j "$jar" "$platform/libasyncProfiler.so" -d "$here/lib"
echo "$here/lib/libasyncProfiler.so"
