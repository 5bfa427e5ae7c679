#!/usr/bin/env python3
"""Runs one conformance program through cumetalc on the cpu backend.

Compiles programs/NAME.cu with cumetalc, runs the executable (with the
manifest's environment, plus CUMETAL_CHECK=1 under --checked) and compares
its stdout and exit status with the NVIDIA-recorded expected/NAME.out and
expected/NAME.status (compare_output.py: exact, except that lines with the
program's unordered prefix compare as a multiset).

A manifest entry's "flags" are extra cumetalc flags (a policy the program
needs that nvcc does not, e.g. --fp64=emulate). A manifest entry with
"pending" names a construct cumetalc does not support
yet: the test then checks that compilation stops with a diagnostic
(exit 1, "error:"), and fails once the program compiles, so the entry is
updated when support lands. An entry with "known_failure" records a wrong
result under investigation: the test fails once the output matches.

With --ptx O3 or --ptx O0 the device half comes from nvcc's PTX instead:
nvcc (used only to make the reference PTX, as NVIDIA's compiler would for
the same file) writes `nvcc -ptx -arch=sm_80 -O3` (or `-G`) of the
program, and cumetalc compiles the host half from the source and the
device half from that PTX (`--device-code`), so the PTX frontend runs the
whole program. "ptx_pending" / "ptx_known_failure" (objects keyed by
"O3"/"O0") play the roles of "pending" / "known_failure" in that mode, and
"ptx_flags" are extra cumetalc flags for it (NVIDIA's libdevice computes
some single-precision functions with double-precision steps, so programs
calling them need --fp64=emulate when compiled from nvcc's PTX).

With --binary the whole program is nvcc's (docs/binary-path.md): `nvcc -c
-arch=sm_80` compiles host and device halves into one object, as a CUDA
build would, and cumetalc only links that object against runtime-lite, so
the host code is NVIDIA's and the device code reaches cumetal as the PTX in
nvcc's fat binary, compiled by the runtime when the program starts
(cached in the work folder; "flags" and "ptx_flags" go to it through
CUMETAL_PTX_FLAGS). "binary_pending" / "binary_known_failure" (strings)
play the roles of "pending" / "known_failure" in that mode; the program
runs twice, the second time from the cache.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare_output  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("name")
    ap.add_argument("--cumetalc", required=True)
    ap.add_argument("--work", required=True, help="directory for executables")
    ap.add_argument("--checked", action="store_true",
                    help="run with CUMETAL_CHECK=1 (checked mode)")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--ptx", choices=["O3", "O0"],
                    help="compile the device half from nvcc's PTX")
    ap.add_argument("--binary", action="store_true",
                    help="link nvcc's object of the whole program")
    ap.add_argument("--nvcc", default="nvcc")
    args = ap.parse_args()

    with open(os.path.join(HERE, "manifest.json")) as f:
        entry = {e["name"]: e for e in json.load(f)}[args.name]
    source = os.path.join(HERE, "programs", args.name + ".cu")
    os.makedirs(args.work, exist_ok=True)
    suffix = (".ptx" + args.ptx if args.ptx else "") + (
        ".binary" if args.binary else "") + (
        ".checked" if args.checked else "")
    exe = os.path.join(args.work, args.name + suffix)

    extra = []
    if args.ptx:
        for key in ("pending", "known_failure"):
            entry.pop(key, None)
            if args.ptx in entry.get("ptx_" + key, {}):
                entry[key] = entry["ptx_" + key][args.ptx]
        ptx = os.path.join(args.work, "%s.%s.ptx" % (args.name, args.ptx))
        nvcc = subprocess.run(
            [args.nvcc, "-ptx", "-arch=sm_80",
             "-O3" if args.ptx == "O3" else "-G", source, "-o", ptx],
            capture_output=True, text=True)
        if nvcc.returncode != 0:
            print("FAIL: nvcc -ptx exited %d:\n%s" % (nvcc.returncode,
                                                     nvcc.stderr))
            return 1
        extra = ["--device-code=" + ptx] + entry.get("ptx_flags", [])
    env = dict(os.environ)
    env.update(entry.get("env", {}))
    if args.binary:
        for key in ("pending", "known_failure"):
            entry.pop(key, None)
            if "binary_" + key in entry:
                entry[key] = entry["binary_" + key]
        obj = exe + ".o"
        nvcc = subprocess.run([args.nvcc, "-c", "-arch=sm_80", source, "-o",
                               obj], capture_output=True, text=True)
        if nvcc.returncode != 0:
            print("FAIL: nvcc -c exited %d:\n%s" % (nvcc.returncode,
                                                    nvcc.stderr))
            return 1
        compile_ = subprocess.run([args.cumetalc, obj, "-o", exe],
                                  capture_output=True, text=True)
        cache = exe + ".cache"
        if os.path.isdir(cache):
            shutil.rmtree(cache)
        env["CUMETAL_CACHE_DIR"] = cache
        env["CUMETAL_PTX_FLAGS"] = " ".join(entry.get("flags", []) +
                                            entry.get("ptx_flags", []))
    else:
        compile_ = subprocess.run([args.cumetalc, source, "-o", exe] +
                                  entry.get("flags", []) + extra,
                                  capture_output=True, text=True)
    if "pending" in entry:
        if compile_.returncode == 0:
            print("FAIL: %s now compiles; it was pending (%s): record its "
                  "status in manifest.json" % (args.name, entry["pending"]))
            return 1
        first = next((l for l in compile_.stderr.splitlines() if "error:" in l),
                     None)
        if compile_.returncode != 1 or not first:
            print("FAIL: expected a diagnostic and exit 1, got exit %d:\n%s"
                  % (compile_.returncode, compile_.stderr))
            return 1
        print("pending (%s); cumetalc reports: %s" % (entry["pending"], first))
        return 0
    if compile_.returncode != 0:
        print("FAIL: cumetalc exited %d:\n%s" % (compile_.returncode,
                                                 compile_.stderr))
        return 1

    expected_out = os.path.join(HERE, "expected", args.name + ".out")
    expected_status = os.path.join(HERE, "expected", args.name + ".status")
    if not os.path.exists(expected_out):
        print("FAIL: no NVIDIA-recorded output at %s (run record_golden.sh "
              "on a GPU)" % expected_out)
        return 1
    if args.checked:
        env["CUMETAL_CHECK"] = "1"
    # The binary path runs twice: compiling the PTX, then from the cache.
    for attempt in range(2 if args.binary else 1):
        try:
            run = subprocess.run([exe], capture_output=True, text=True,
                                 env=env, timeout=args.timeout,
                                 errors="replace")
        except subprocess.TimeoutExpired:
            print("FAIL: %s did not finish in %d s" % (args.name,
                                                       args.timeout))
            return 1
        if args.binary and attempt == 0:
            folder = os.path.join(cache, "ptx")
            cached = [f for f in os.listdir(folder) if f.endswith(".cumetal")
                      ] if os.path.isdir(folder) else []
            if run.returncode == 0 and len(cached) != 1:
                print("FAIL: the first run left %d cached envelopes in %s, "
                      "not one" % (len(cached), folder))
                return 1
            first_out = run.stdout
        elif args.binary and run.stdout != first_out:
            print("FAIL: the run from the cache printed something else:\n" +
                  run.stdout[-2000:])
            return 1
    actual_out = exe + ".out"
    with open(actual_out, "w") as f:
        f.write(run.stdout)
    status = 0
    if os.path.exists(expected_status):
        with open(expected_status) as f:
            status = int(f.read().strip() or 0)
    ok = True
    if run.returncode != status:
        print("FAIL: exit status %d, NVIDIA's was %d" % (run.returncode, status))
        ok = False
    cmp_args = [expected_out, actual_out]
    if entry.get("unordered_prefix"):
        cmp_args += ["--unordered-prefix", entry["unordered_prefix"]]
    if compare_output.main(cmp_args) != 0:
        ok = False
    if "known_failure" in entry:
        # A wrong result we know about: the test keeps checking that it is
        # still wrong, so the entry is updated when it is fixed.
        if ok:
            print("FAIL: %s now matches NVIDIA's output; it was a known "
                  "failure (%s): update manifest.json" % (args.name,
                                                         entry["known_failure"]))
            return 1
        print("known failure (%s)" % entry["known_failure"])
        return 0
    if not ok and run.stderr:
        print("stderr:\n" + run.stderr[-4000:])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
