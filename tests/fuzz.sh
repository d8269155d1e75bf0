#!/bin/sh
# A short libFuzzer run (20 seconds) of the record codec and the
# validators, starting from the committed corpus.  Skipped without clang.
. "$TOP_SRCDIR/tests/lib.sh"

build_fuzzer "$TOP_SRCDIR/tests/fuzz-core.c"
mkdir "$WORK/corpus"
cp "$TOP_SRCDIR"/tests/corpus/core/* "$WORK/corpus/"
"$WORK/fuzz" -max_total_time="${FUZZ_SECONDS:-20}" -timeout=5 \
    -rss_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$WORK/" \
    "$WORK/corpus" \
    >"$WORK/fuzz.log" 2>&1
status=$?
tail -25 "$WORK/fuzz.log"
[ $status -eq 0 ] || { echo "FAIL: the fuzzer found a problem"; exit 1; }
echo "ok: fuzzed for ${FUZZ_SECONDS:-20} s"
