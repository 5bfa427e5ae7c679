#!/usr/bin/env python3
"""Lists every __nv_* function cumetal's CUDA headers can call, with its status.

    nv_functions.py --cumetalc C --declares H --library L --llvm-nm N
                    --work DIR (--expected FILE | --write FILE)

The headers map the CUDA math and intrinsic API to NVIDIA libdevice names
(Clang's __clang_cuda_libdevice_declares.h, included by cumetal's
pre-include). For each function this script generates a kernel that
calls it and compiles all of them with `cumetalc --emit=air` (default flags,
so --fp64=error). Diagnostics are mapped back to the kernels by line; the
functions they name are taken out and the rest compiled again, until a
compile succeeds: every function left then really lowers to AIR. A function
is "AIR" when the lowering maps it to Apple's AIR directly, "libdevice" when
cumetal's device math library (lib/cumetal/libdevice.bc) defines it.

Double-precision functions are compiled with --fp64=demote (under the
default --fp64=error they are errors). The table is written as Markdown.
With --expected the test fails when the table differs from the committed
one (docs/nv-functions.md stays true), and in any case when a function is
not implemented.
"""
import argparse
import os
import re
import subprocess
import sys

# How a kernel gets an argument of each parameter type from its buffer.
ARGS = {
    "float": "b->f[{i}]",
    "double": "b->d[{i}]",
    "int": "b->i[{i}]",
    "unsigned int": "b->u[{i}]",
    "long long": "b->ll[{i}]",
    "unsigned long long": "b->ull[{i}]",
    "unsigned short": "(unsigned short)b->u[{i}]",
    "float *": "&b->f[8 + {i}]",
    "double *": "&b->d[8 + {i}]",
    "int *": "&b->i[8 + {i}]",
    "const float *": "b->f",
    "const double *": "b->d",
    "const signed char *": "b->s",
}
# Where a kernel stores a result of each type.
RESULTS = {
    "float": "b->f[0] = ", "double": "b->d[0] = ", "int": "b->i[0] = ",
    "unsigned int": "b->u[0] = ", "long long": "b->ll[0] = ",
    "unsigned long long": "b->ull[0] = ", "unsigned short": "b->u[0] = ",
    "void": "",
}
PRELUDE = """struct Buffers {
  float f[16]; double d[16]; int i[16]; unsigned u[16]; long long ll[16];
  unsigned long long ull[16]; signed char s[16];
};
"""


def parse_declarations(path):
    """Returns [(name, return type, [parameter types])] of every
    declaration."""
    text = open(path).read()
    decls = []
    for ret, name, params in re.findall(
            r"__DEVICE__\s+([\w\s\*]+?)\s*(__nv_\w+)\s*\(([^)]*)\)\s*;", text):
        types = []
        for p in params.split(","):
            p = " ".join(p.split())
            if p:
                types.append(re.sub(r"\s*\b__\w+$", "", p))
        decls.append((name, " ".join(ret.split()), types))
    if len(decls) < 300:
        sys.exit("error: %s: found only %d declarations" % (path, len(decls)))
    return decls


def generate(decls, path):
    """Writes one kernel per declaration; returns {call line: name}."""
    lines = PRELUDE.splitlines()
    where = {}
    for name, ret, params in decls:
        for t in params + [ret]:
            if t not in ARGS and t not in RESULTS:
                sys.exit("error: %s: no argument rule for type '%s'" % (name, t))
        args = ", ".join(ARGS[t].format(i=i + 1) for i, t in enumerate(params))
        lines.append("__global__ void k%s(Buffers *b) {" % name)
        lines.append("  %s%s(%s);" % (RESULTS[ret], name, args))
        where[len(lines)] = name
        lines.append("}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return where


def uses_double(decl):
    name, ret, params = decl
    return "double" in " ".join(params + [ret])


def compile_rejections(cumetalc, flags, source, work, where):
    """Compiles \\p source with \\p flags; returns {function: first
    diagnostic} for the kernels diagnosed, or {} when it compiled."""
    out = os.path.join(work, "nv_functions.ll")
    r = subprocess.run([cumetalc, source, "--emit=air", "-o", out] + flags,
                       capture_output=True, text=True)
    if r.returncode == 0:
        return {}
    found = {}
    for m in re.finditer(r"^([^\n:]+):(\d+):\d+: error: ([^\n]*)", r.stderr,
                         flags=re.M):
        line = int(m.group(2))
        if os.path.basename(m.group(1)) != os.path.basename(source) or \
                line not in where:
            sys.exit("error: a diagnostic outside the calls:\n" + r.stderr)
        found.setdefault(where[line], m.group(3))
    if not found:
        sys.exit("error: cumetalc failed without a located diagnostic "
                 "(exit %d):\n%s" % (r.returncode, r.stderr))
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cumetalc", required=True)
    ap.add_argument("--declares", required=True)
    ap.add_argument("--library", required=True)
    ap.add_argument("--llvm-nm", required=True)
    ap.add_argument("--work", required=True)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--expected")
    group.add_argument("--write")
    args = ap.parse_args()

    decls = parse_declarations(args.declares)
    nm = subprocess.run([args.llvm_nm, "--defined-only", "-j", args.library],
                        capture_output=True, text=True, check=True)
    in_library = set(nm.stdout.split())

    os.makedirs(args.work, exist_ok=True)
    rejected = {}
    # Double functions are errors under the default --fp64=error (the
    # lowering's tests check that); their status is --fp64=demote's.
    groups = (([], [d for d in decls if not uses_double(d)]),
              (["--fp64=demote"], [d for d in decls if uses_double(d)]))
    for flags, remaining in groups:
        while remaining:
            source = os.path.join(args.work, "nv_functions.cu")
            where = generate(remaining, source)
            found = compile_rejections(args.cumetalc, flags, source,
                                       args.work, where)
            if not found:
                break
            rejected.update(found)
            remaining = [d for d in remaining if d[0] not in found]

    rows = []
    failures = []
    for name, ret, params in sorted(decls):
        if name in rejected:
            status = ("not implemented"
                      if "is not implemented" in rejected[name]
                      else "rejected: " + rejected[name])
            failures.append("%s: %s" % (name, rejected[name]))
        elif name in in_library:
            status = "libdevice"
        else:
            status = "AIR"
        if uses_double((name, ret, params)):
            status += " (--fp64=demote)"
        rows.append("| `%s` | `%s(%s)` | %s |" % (name, ret, ", ".join(params),
                                                 status))
    counts = {}
    for r in rows:
        s = r.rsplit("|", 2)[1].strip()
        counts[s] = counts.get(s, 0) + 1
    table = "\n".join(
        ["# The `__nv_*` functions and their status in cumetal", "",
         "Generated by `test/nv-functions/nv_functions.py --write` (the "
         "`nv-functions` test fails when this file is out of date). Every "
         "`__nv_*` function Clang's CUDA headers can call (those "
         "`__clang_cuda_libdevice_declares.h` declares): "
         "**AIR** = lowered to Apple's AIR directly (air/lower/LowerMath.cpp); "
         "**libdevice** = defined by cumetal's device math library "
         "(frontend/libdevice/). Double-precision functions are errors "
         "under the default `--fp64=error`; their status is that under "
         "`--fp64=demote`, which computes them in single precision "
         "(docs/cumetalc.md, Double precision).", "",
         "Totals: " + ", ".join("%s %d" % (k, v)
                                for k, v in sorted(counts.items())) + ".", "",
         "| function | signature | status |", "|---|---|---|"] + rows) + "\n"
    if args.write:
        with open(args.write, "w") as f:
            f.write(table)
    else:
        expected = open(args.expected).read()
        if expected != table:
            import difflib
            sys.stdout.writelines(difflib.unified_diff(
                expected.splitlines(True), table.splitlines(True),
                args.expected, "now"))
            failures.append("%s is out of date: regenerate it with --write"
                            % args.expected)
    for f in failures:
        print("FAIL: " + f)
    print("%d functions: %s" % (len(rows), ", ".join(
        "%s %d" % (k, v) for k, v in sorted(counts.items()))))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
