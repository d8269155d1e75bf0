#!/bin/sh
# A short libFuzzer run (20 seconds) of the record codec and the
# validators, starting from the committed corpus.  Skipped without clang.
. "$TOP_SRCDIR/tests/lib.sh"

[ -n "${CLANG:-}" ] && [ -x "$CLANG" ] || skip "clang is not installed"
srcs=$(ls "$TOP_SRCDIR"/src/*.c | grep -v -e '/main\.c$' -e '/ui\.c$' -e '/ui-')
"$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=all -I"$TOP_BUILDDIR" -I"$TOP_SRCDIR/src" \
    ${PDF_CFLAGS:-} \
    -DLOCALEDIR='"/nonexistent"' $srcs "$TOP_SRCDIR/tests/fuzz-core.c" \
    -o "$WORK/fuzz" -llmdb -lcsv ${PDF_LIBS:-} 2>"$WORK/build.log" ||
	{ cat "$WORK/build.log"; echo "FAIL: cannot build the fuzzer"; exit 1; }
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
