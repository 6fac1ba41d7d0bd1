# Sourced by ./mvnw and .ci/run (POSIX sh). The build needs a JDK 21 or newer (release 21). select_jdk prints
# the first of: JAVA_HOME if it is one; the JDK behind `javac` on PATH if it is one; the newest one under
# /usr/lib/jvm (Debian and Ubuntu's layout, where these machines keep a Temurin 25 beside the default 17);
# or nothing. Versions are read from each JDK's `release` file, so no JVM is started.

ledger_jdk_major() { # the major Java version of the JDK at $1, or 0
    ledger_version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)"
    echo "${ledger_version:-0}"
}

ledger_jdk_ok() { # $1 is a JDK (java and javac) of version 21 or newer
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(ledger_jdk_major "$1")" -ge 21 ]
}

select_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && ledger_jdk_ok "$JAVA_HOME"; then echo "$JAVA_HOME"; return; fi
    if command -v javac >/dev/null 2>&1; then
        ledger_candidate="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
        if ledger_jdk_ok "$ledger_candidate"; then echo "$ledger_candidate"; return; fi
    fi
    ledger_best="" ledger_best_major=0
    ledger_globbing_was_off=false
    case $- in *f*) ledger_globbing_was_off=true; set +f ;; esac
    for ledger_candidate in /usr/lib/jvm/*/; do
        ledger_candidate="${ledger_candidate%/}"
        [ -L "$ledger_candidate" ] && continue
        ledger_jdk_ok "$ledger_candidate" || continue
        ledger_major="$(ledger_jdk_major "$ledger_candidate")"
        if [ "$ledger_major" -gt "$ledger_best_major" ]; then ledger_best="$ledger_candidate" ledger_best_major="$ledger_major"; fi
    done
    if $ledger_globbing_was_off; then set -f; fi
    echo "$ledger_best"
}
