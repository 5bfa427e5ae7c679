#!/usr/bin/env python3
"""Runs a PTX execution test (run_exec.py) with extra cumetalc options.

usage: with_cumetalc_flags.py FLAG... -- PYTHON RUN_EXEC CUMETALC PTX_EXEC
                                         FILE.ptx TMPDIR
Writes a wrapper of CUMETALC into TMPDIR that adds the FLAGs (e.g.
--fp64=emulate for the f64 tests) and runs run_exec.py with it.
"""
import os
import stat
import subprocess
import sys


def main():
    if "--" not in sys.argv:
        sys.exit(__doc__)
    sep = sys.argv.index("--")
    flags, cmd = sys.argv[1:sep], sys.argv[sep + 1:]
    if len(cmd) != 6:
        sys.exit(__doc__)
    python, run_exec, cumetalc, ptx_exec, ptx, tmp = cmd
    os.makedirs(tmp, exist_ok=True)
    wrapper = os.path.join(tmp, "cumetalc-with-flags.py")
    with open(wrapper, "w") as f:
        f.write("#!%s\nimport os, sys\nos.execv(%r, [%r] + sys.argv[1:] + %r)\n"
                % (sys.executable, cumetalc, cumetalc, flags))
    os.chmod(wrapper, os.stat(wrapper).st_mode | stat.S_IXUSR)
    return subprocess.call([python, run_exec, wrapper, ptx_exec, ptx, tmp])


if __name__ == "__main__":
    sys.exit(main())
