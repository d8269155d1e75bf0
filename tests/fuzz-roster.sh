#!/bin/sh
# A short libFuzzer run (20 seconds) of the roster import -- the encoding
# sniffing, the CSV reader, the checks of every row and, as a dry run,
# the matching against a small database -- starting from the committed
# corpus, with the roster's headers and words as a dictionary.  Skipped
# without clang.
. "$TOP_SRCDIR/tests/lib.sh"

build_fuzzer "$TOP_SRCDIR/tests/fuzz-roster.c"
mkdir "$WORK/corpus" "$WORK/tmp"
cp "$TOP_SRCDIR"/tests/corpus/roster/* "$WORK/corpus/"
# The target's database and temporary files go to $WORK, removed after.
TMPDIR="$WORK/tmp" "$WORK/fuzz" -max_total_time="${FUZZ_SECONDS:-20}" \
    -timeout=5 -rss_limit_mb=1024 -print_final_stats=1 \
    -dict="$TOP_SRCDIR/tests/corpus/roster.dict" \
    -artifact_prefix="$WORK/" "$WORK/corpus" >"$WORK/fuzz.log" 2>&1
status=$?
tail -25 "$WORK/fuzz.log"
[ $status -eq 0 ] || { echo "FAIL: the fuzzer found a problem"; exit 1; }
echo "ok: fuzzed for ${FUZZ_SECONDS:-20} s"
