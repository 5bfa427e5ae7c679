#!/usr/bin/env python3
"""Compile time: cumetalc against nvcc on the same machine, in one run.

    compile_time.py --cumetalc C [--nvcc N] [--repeat K] [--mode M] [SOURCE ...]

--mode device (default): `cumetalc --emit=metallib` against `nvcc -ptx`:
the device half of each .cu file to its GPU assembly, a metallib for
cumetalc, PTX for nvcc (issue 3).
--mode executable: `.cu` to a linked executable with each compiler (issue
6).
Sources: by default the examples and the conformance programs cumetalc
compiles, with the manifest's extra cumetalc flags; nvcc gets -O3
-arch=sm_90 (cumetalc optimises at -O3 by default). Each compile is timed
K times (default 3) and the fastest kept; the report lists every file with
its ratio, the ratio of the totals and the median ratio.
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
    ap.add_argument("--mode", choices=["device", "executable"],
                    default="device")
    ap.add_argument("sources", nargs="*")
    args = ap.parse_args()
    sources = [(s, []) for s in args.sources] or default_sources()

    total_c = total_n = 0.0
    ratios = []
    nvcc_what = "nvcc -ptx" if args.mode == "device" else "nvcc"
    print("%-40s %12s %12s %7s" % ("source", "cumetalc s", nvcc_what + " s",
                                   "ratio"))
    with tempfile.TemporaryDirectory() as tmp:
        for src, flags in sources:
            if args.mode == "device":
                ccmd = [args.cumetalc, src, "--emit=metallib", "-o",
                        os.path.join(tmp, "out.metallib")] + flags
                ncmd = [args.nvcc, "-ptx", "-O3", "-arch=sm_90", src, "-o",
                        os.path.join(tmp, "out.ptx")]
            else:
                ccmd = [args.cumetalc, src, "-o",
                        os.path.join(tmp, "c.out")] + flags
                ncmd = [args.nvcc, "-O3", "-arch=sm_90", src, "-o",
                        os.path.join(tmp, "n.out")]
            c = best_time(ccmd, args.repeat)
            n = best_time(ncmd, args.repeat)
            total_c += c
            total_n += n
            ratios.append(c / n)
            print("%-40s %12.3f %12.3f %7.2f" % (os.path.basename(src), c, n,
                                                 c / n))
    ratios.sort()
    mid = len(ratios) // 2
    median = ratios[mid] if len(ratios) % 2 else (ratios[mid - 1] +
                                                   ratios[mid]) / 2
    print("compile_time (%s): %d sources, cumetalc %.2f s, %s %.2f s, "
          "ratio of totals %.2f, median ratio %.2f" %
          (args.mode, len(sources), total_c, nvcc_what, total_n,
           total_c / total_n, median))


if __name__ == "__main__":
    main()
