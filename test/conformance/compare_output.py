#!/usr/bin/env python3
"""Compare a conformance program's output with its recorded expected output.

    compare_output.py EXPECTED ACTUAL [--unordered-prefix PREFIX]

Lines are compared exactly (no whitespace normalisation), in order. With
--unordered-prefix, lines starting with PREFIX (device printf output, whose
order between threads is unspecified) are taken out of both files and compared
as a multiset; all other lines must still match one for one, in their relative
order. Exit status: 0 when the outputs match, 1 when they differ (a unified
diff is printed), 2 on usage or I/O errors.
"""

import argparse
import collections
import difflib
import sys


def read_lines(path):
    with open(path, "rb") as f:
        data = f.read()
    # keep the comparison byte-exact but printable: decode losslessly
    text = data.decode("utf-8", errors="surrogateescape")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # final newline
    return lines, text.endswith("\n") or text == ""


def printable(lines):
    return [l.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace") for l in lines]


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("expected")
    ap.add_argument("actual")
    ap.add_argument("--unordered-prefix", default=None,
                    help="lines starting with this prefix are compared as a multiset")
    args = ap.parse_args(argv)

    try:
        exp, exp_nl = read_lines(args.expected)
        act, act_nl = read_lines(args.actual)
    except OSError as e:
        print(f"compare_output: {e}", file=sys.stderr)
        return 2

    prefix = args.unordered_prefix
    ok = True
    if prefix:
        exp_ordered = [l for l in exp if not l.startswith(prefix)]
        act_ordered = [l for l in act if not l.startswith(prefix)]
        exp_multi = collections.Counter(l for l in exp if l.startswith(prefix))
        act_multi = collections.Counter(l for l in act if l.startswith(prefix))
    else:
        exp_ordered, act_ordered = exp, act
        exp_multi = act_multi = collections.Counter()

    if exp_ordered != act_ordered:
        ok = False
        title = "ordered lines" if prefix else "output"
        print(f"--- {title} differ:")
        sys.stdout.writelines(
            l + "\n" for l in difflib.unified_diff(
                printable(exp_ordered), printable(act_ordered),
                fromfile=args.expected, tofile=args.actual, lineterm=""))

    if exp_multi != act_multi:
        ok = False
        missing = exp_multi - act_multi
        extra = act_multi - exp_multi
        print(f"--- lines starting with {prefix!r} differ as a multiset "
              f"({sum(missing.values())} missing, {sum(extra.values())} unexpected):")
        # present them as a diff of the sorted multisets
        sys.stdout.writelines(
            l + "\n" for l in difflib.unified_diff(
                printable(sorted(exp_multi.elements())), printable(sorted(act_multi.elements())),
                fromfile=args.expected + " (sorted " + prefix.strip() + " lines)",
                tofile=args.actual + " (sorted " + prefix.strip() + " lines)", lineterm=""))

    if ok and exp_nl != act_nl:
        ok = False
        print("--- outputs differ only in the final newline")

    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
