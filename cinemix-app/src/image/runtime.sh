#!/usr/bin/env bash
# Builds the image's root filesystem from local parts only (no base image, no registry): a jlinked Java runtime in
# /opt/java, the shared libraries it links against (copied from this machine) and an empty /tmp.
# Called by `./mvnw -Pimage` (cinemix-app/pom.xml); usage: runtime.sh <output directory>.
#
# Modules: `jdeps --print-module-deps --ignore-missing-deps` on cinemix-app.jar finds java.base, java.logging and
# jdk.unsupported. Running the app on the runtime (benchmarks/container/run.sh) found what it also loads: jdk.zipfs
# (Micronaut reads its jar as a file system), jdk.jfr (Netty's events), jdk.net (Lettuce's socket options). The rest
# are what its libraries use on some path: java.net.http (OMDb client), java.xml (logback.xml), java.management and
# jdk.management (JVM metrics), java.naming (DNS), jdk.crypto.ec (TLS to OMDb), java.sql (Jackson's time types).
set -euo pipefail
out=${1:?usage: runtime.sh <output directory>}
modules=java.base,java.logging,jdk.unsupported,java.net.http,java.xml,java.management,jdk.management,java.naming,jdk.crypto.ec,java.sql,jdk.zipfs,jdk.jfr,jdk.net
jlink=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/jlink

rm -rf "$out"
mkdir -p "$out/opt" "$out/tmp"
"$jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --generate-cds-archive \
    --output "$out/opt/java" >/dev/null

# The runtime's native code is linked against this machine's glibc, zlib and libstdc++: copy them, same paths.
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) -exec ldd {} + 2>/dev/null \
    | grep -oE '/[^ ]*lib[^ ]*\.so[^ ]*' | grep -v "^$out" | sort -u \
    | while read -r lib; do
        mkdir -p "$out$(dirname "$lib")"
        cp -L "$lib" "$out$lib"
    done
