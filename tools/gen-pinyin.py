#!/usr/bin/env python3
"""Generates src/pinyin-data.c from the Unihan readings.

usage: gen-pinyin.py [Unihan_Readings.txt[.bz2] [pinyin-data.c]]

For every character in U+3400..U+4DBF and U+4E00..U+9FFF, the toneless
readings from kMandarin, kHanyuPinyin, kXHC1983 and kTGHZ2013 are merged:
kMandarin's readings first (it is the customary one), then the others by
the number of fields that give them, ties in the order first seen in
kTGHZ2013, kXHC1983, kHanyuPinyin (newest dictionary first).  A reading
with "v" (u-umlaut) is followed by its "u" spelling, because that is what
most people type for 吕 or 女.  At most MAX_READINGS are kept.

The output has three tables (see src/pinyin-data.h):
  pinyin_syl   the distinct syllables, sorted, index 0 unused;
  pinyin_map   one uint16 per code point: 0 for none, a syllable index
               below 0x8000 for a character with one reading, or
               0x8000 + an offset into pinyin_pool;
  pinyin_pool  for characters with several readings: a count followed
               by that many syllable indices.
Only the Python standard library is used.
"""

import bz2
import os
import re
import sys
import unicodedata

DEFAULT_IN = "/usr/share/unicode/Unihan_Readings.txt.bz2"
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "..", "src", "pinyin-data.c")

# Must agree with src/pinyin-data.h and PY_MAX_READINGS in src/pinyin.h.
RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
MAX_READINGS = 8
SYL_SIZE = 8
FIELDS = ("kMandarin", "kTGHZ2013", "kXHC1983", "kHanyuPinyin")

SYL_RE = re.compile(r"^[a-z]{1,%d}$" % (SYL_SIZE - 1))


def toneless(r):
    """lǜ -> lv, ế -> e, ḿ -> m; None when the result is not plain a-z."""
    r = unicodedata.normalize("NFD", r.strip().lower())
    # u followed by a diaeresis (with or without a tone) is u-umlaut
    r = r.replace("u\u0308", "v")
    r = "".join(c for c in r if not unicodedata.combining(c))
    return r if SYL_RE.match(r) else None


def field_readings(field, value):
    """The readings a field gives, in order, toned as in the file."""
    if field == "kMandarin":
        # one value, or zh-Hans then zh-Hant
        return value.split()
    out = []
    for entry in value.split():
        # "10019.020:tiàn", "74609.020:jiě,xiè", "1092.070*,1092.071:sóng"
        _, sep, rs = entry.rpartition(":")
        if not sep:
            raise ValueError("bad %s entry %r" % (field, entry))
        out.extend(rs.split(","))
    return out


def open_input(path):
    if path.endswith(".bz2"):
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, "rt", encoding="utf-8")


def in_ranges(cp):
    return any(lo <= cp <= hi for lo, hi in RANGES)


def read_unihan(path):
    """{cp: {field: [toneless readings, deduplicated]}}"""
    chars = {}
    version = None
    with open_input(path) as f:
        for line in f:
            if line.startswith("#"):
                m = re.match(r"#\s*Unicode version:\s*(\S+)", line)
                if m:
                    version = m.group(1)
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[1] not in FIELDS:
                continue
            cp = int(parts[0][2:], 16)
            if not in_ranges(cp):
                continue
            rs = []
            for r in field_readings(parts[1], parts[2]):
                t = toneless(r)
                if t is None:
                    sys.stderr.write("gen-pinyin: U+%04X %s: skipping %r\n"
                                     % (cp, parts[1], r))
                elif t not in rs:
                    rs.append(t)
            if rs:
                chars.setdefault(cp, {})[parts[1]] = rs
    return chars, version


def merge(fields):
    """The ordered reading list of one character."""
    first = list(fields.get("kMandarin", []))
    count = {}
    order = []
    for name in FIELDS:
        for r in fields.get(name, []):
            count[r] = count.get(r, 0) + 1
            if r not in order:
                order.append(r)
    rest = [r for r in order if r not in first]
    rest.sort(key=lambda r: (-count[r], order.index(r)))
    out = []
    for r in first + rest:
        out.append(r)
        if "v" in r:
            out.append(r.replace("v", "u"))
    seen = []
    for r in out:
        if r not in seen:
            seen.append(r)
    return seen[:MAX_READINGS]


def c_rows(values, width=100):
    """Comma-separated values wrapped into tab-indented lines."""
    lines = []
    cur = ""
    for v in values:
        s = str(v) + ","
        if cur and len(cur) + len(s) > width - 8:
            lines.append("\t" + cur)
            cur = ""
        cur += s
    if cur:
        lines.append("\t" + cur)
    return "\n".join(lines)


def main(argv):
    if len(argv) > 3 or (len(argv) > 1 and argv[1] in ("-h", "--help")):
        sys.stderr.write("usage: gen-pinyin.py [Unihan_Readings.txt[.bz2]"
                         " [pinyin-data.c]]\n")
        return 2
    inpath = argv[1] if len(argv) > 1 else DEFAULT_IN
    outpath = argv[2] if len(argv) > 2 else DEFAULT_OUT

    chars, version = read_unihan(inpath)
    readings = {cp: merge(f) for cp, f in chars.items()}
    syls = sorted({r for rs in readings.values() for r in rs})
    index = {s: i + 1 for i, s in enumerate(syls)}

    cmap = []
    pool = []
    for lo, hi in RANGES:
        for cp in range(lo, hi + 1):
            rs = readings.get(cp, [])
            if not rs:
                cmap.append(0)
            elif len(rs) == 1:
                cmap.append(index[rs[0]])
            else:
                cmap.append(0x8000 + len(pool))
                pool.append(len(rs))
                pool.extend(index[r] for r in rs)
    if len(syls) >= 0x8000 or len(pool) >= 0x8000:
        raise SystemExit("gen-pinyin: tables too large for the encoding")

    out = []
    out.append("/*\n * pinyin-data.c -- GENERATED by tools/gen-pinyin.py from"
               " Unihan_Readings.txt\n * (Unicode %s); do not edit.  See"
               " src/pinyin-data.h.\n */" % (version or "unknown"))
    out.append('#include "config.h"\n\n#include <stdint.h>\n\n'
               '#include "pinyin-data.h"\n')
    out.append("const unsigned pinyin_nsyl = %d;\n" % (len(syls) + 1))
    out.append("const char pinyin_syl[][PINYIN_SYL_SIZE] = {")
    out.append(c_rows(['""'] + ['"%s"' % s for s in syls]))
    out.append("};\n")
    out.append("const uint16_t pinyin_map[PINYIN_MAP_SIZE] = {")
    out.append(c_rows(cmap))
    out.append("};\n")
    out.append("const uint16_t pinyin_pool[%d] = {" % len(pool))
    out.append(c_rows(pool))
    out.append("};")
    text = "\n".join(out) + "\n"

    tmp = outpath + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, outpath)
    multi = sum(1 for rs in readings.values() if len(rs) > 1)
    sys.stderr.write("gen-pinyin: %d characters (%d polyphonic), %d syllables,"
                     " pool %d entries, %d bytes of source\n"
                     % (len(readings), multi, len(syls), len(pool), len(text)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
