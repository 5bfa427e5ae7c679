#!/usr/bin/env python3
"""Runs the kernels of one PTX execution test and compares with NVIDIA.

A test is a .ptx file whose kernels all take (.u64 out, .u64 in, .u32 n)
and whose comment lines `// EXEC: KERNEL [ptx_exec options]` list the
launches. The expected outputs, recorded by running the same PTX on an
NVIDIA GPU (record_golden.sh), are in FILE.golden as sections
`== KERNEL [options]` followed by ptx_exec's output lines.

usage: run_exec.py CUMETALC PTX_EXEC FILE.ptx TMPDIR
  compiles FILE.ptx with `CUMETALC -fatbin`, runs every EXEC line with
  PTX_EXEC and compares each output with its golden section; prints the
  differing lines and exits 1 on any difference.
"""
import os
import subprocess
import sys


def exec_lines(path):
    lines = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("// EXEC:"):
                lines.append(line[len("// EXEC:"):].split())
    return lines


def read_golden(path):
    sections, current = {}, None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("== "):
                current = line[3:]
                sections[current] = []
            elif current is not None:
                sections[current].append(line)
    return sections


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    cumetalc, ptx_exec, ptx, tmp = sys.argv[1:]
    os.makedirs(tmp, exist_ok=True)
    image = os.path.join(tmp, os.path.basename(ptx) + ".fatbin")
    r = subprocess.run([cumetalc, "-fatbin", ptx, "-o", image])
    if r.returncode != 0:
        print("FAIL: cumetalc -fatbin %s exited %d" % (ptx, r.returncode))
        return 1
    golden = read_golden(os.path.splitext(ptx)[0] + ".golden")
    runs = exec_lines(ptx)
    if not runs:
        print("FAIL: %s has no EXEC lines" % ptx)
        return 1
    failed = 0
    for args in runs:
        key = " ".join(args)
        if key not in golden:
            print("FAIL: no golden output for '%s'" % key)
            failed += 1
            continue
        r = subprocess.run([ptx_exec, image] + args, capture_output=True,
                           text=True)
        got = r.stdout.splitlines()
        want = golden[key]
        if got != want:
            failed += 1
            print("FAIL: %s (exit %d)" % (key, r.returncode))
            if r.stderr:
                print(r.stderr.rstrip())
            shown = 0
            for i in range(max(len(got), len(want))):
                g = got[i] if i < len(got) else "<missing>"
                w = want[i] if i < len(want) else "<missing>"
                if g != w:
                    print("  expected: %s\n  got:      %s" % (w, g))
                    shown += 1
                    if shown == 8:
                        print("  ...")
                        break
        else:
            print("PASS: %s" % key)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
