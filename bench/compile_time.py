#!/usr/bin/env python3
"""Device compile time: `cumetalc --emit=metallib` against `nvcc -ptx`.

    compile_time.py --cumetalc C [--nvcc N] [--repeat K] [SOURCE ...]

Both compile the device half of the same .cu files (by default the
examples and the conformance programs cumetalc compiles, with the
manifest's extra cumetalc flags) to their GPU
assembly: a metallib for cumetalc, PTX for nvcc (-arch=sm_90, -O3 as
cumetalc's default). Each compile is timed K times (default 3) and the
fastest kept; the report lists every file and the ratio of the totals,
measured in this one run (issue 3).
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_sources():
    """(source, extra cumetalc flags) of the examples and the conformance
    programs cumetalc compiles."""
    sources = [(s, []) for s in sorted(
        glob.glob(os.path.join(ROOT, "examples", "cuda", "*.cu")))]
    with open(os.path.join(ROOT, "test", "conformance", "manifest.json")) as f:
        for entry in json.load(f):
            if "pending" not in entry and "skip" not in entry:
                sources.append((os.path.join(ROOT, "test", "conformance",
                                             "programs", entry["name"] + ".cu"),
                                entry.get("flags", [])))
    return sources


def best_time(cmd, repeat):
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True)
        t = time.perf_counter() - t0
        if r.returncode != 0:
            sys.exit("error: %s failed:\n%s" % (" ".join(cmd), r.stderr))
        best = t if best is None else min(best, t)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cumetalc", required=True)
    ap.add_argument("--nvcc", default="nvcc")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("sources", nargs="*")
    args = ap.parse_args()
    sources = [(s, []) for s in args.sources] or default_sources()

    total_c = total_n = 0.0
    print("%-40s %12s %12s %7s" % ("source", "cumetalc s", "nvcc -ptx s",
                                   "ratio"))
    with tempfile.TemporaryDirectory() as tmp:
        for src, flags in sources:
            c = best_time([args.cumetalc, src, "--emit=metallib", "-o",
                           os.path.join(tmp, "out.metallib")] + flags,
                          args.repeat)
            n = best_time([args.nvcc, "-ptx", "-O3", "-arch=sm_90", src, "-o",
                           os.path.join(tmp, "out.ptx")], args.repeat)
            total_c += c
            total_n += n
            print("%-40s %12.3f %12.3f %7.2f" % (os.path.basename(src), c, n,
                                                 c / n))
    print("compile_time: %d sources, cumetalc %.2f s, nvcc -ptx %.2f s, "
          "ratio %.2f" % (len(sources), total_c, total_n, total_c / total_n))


if __name__ == "__main__":
    main()
