#!/usr/bin/env python3
"""Checks target and PTX-version rules at their thresholds.

For each construct below (its documented PTX ISA version and minimum target,
from the PTX ISA's "PTX ISA Notes" and "Target ISA Notes"), a small kernel
using it must be accepted at the threshold, and rejected one target below
and one PTX version below. In "cumetal" mode the checker runs
(ptx_parse_check: exit status, and the diagnostic naming the requirement);
in "ptxas" mode NVIDIA's ptxas runs on the same files (exit status only, on
the targets ptxas still supports), which confirms the table itself.

usage: check_rules.py cumetal PTX_PARSE_CHECK WORKDIR
       check_rules.py ptxas PTXAS WORKDIR
"""
import os
import subprocess
import sys

# (construct, instruction, minimum target, PTX ISA version)
RULES = [
    ("redux.sync", "redux.sync.add.s32 %r1, %r2, 0xffffffff;", "sm_80", (7, 0)),
    ("match.sync", "match.any.sync.b32 %r1, %r2, 0xffffffff;", "sm_70", (6, 0)),
    ("activemask", "activemask.b32 %r1;", "sm_30", (6, 2)),
    ("nanosleep", "nanosleep.u32 100;", "sm_70", (6, 3)),
    ("cp.async", "cp.async.ca.shared.global [%rd1], [%rd2], 4;", "sm_80", (7, 0)),
    ("cp.async", "cp.async.wait_all;", "sm_80", (7, 0)),
    ("mbarrier", "mbarrier.init.shared.b64 [%rd1], %r1;", "sm_80", (7, 0)),
    ("tanh", "tanh.approx.f32 %f1, %f2;", "sm_75", (7, 0)),
    ("ex2.f16", "ex2.approx.f16 %h1, %h2;", "sm_75", (7, 0)),
    ("ldmatrix", "ldmatrix.sync.aligned.m8n8.x1.shared.b16 {%r1}, [%rd1];", "sm_75", (6, 5)),
    ("stmatrix", "stmatrix.sync.aligned.m8n8.x1.shared.b16 [%rd1], {%r1};", "sm_90", (7, 8)),
    ("movmatrix", "movmatrix.sync.aligned.m8n8.trans.b16 %r1, %r2;", "sm_75", (7, 8)),
    ("elect.sync", "elect.sync %r1|%p1, 0xffffffff;", "sm_90", (8, 0)),
    ("griddepcontrol", "griddepcontrol.wait;", "sm_90", (7, 8)),
    ("mapa", "mapa.u64 %rd1, %rd2, %r1;", "sm_90", (7, 8)),
    ("barrier.cluster", "barrier.cluster.arrive;", "sm_90", (7, 8)),
    (".cluster scope", "fence.acq_rel.cluster;", "sm_90", (7, 8)),
    (".cluster scope", "atom.relaxed.cluster.global.add.u32 %r1, [%rd1], %r2;", "sm_90", (7, 8)),
    (".acq_rel", "fence.acq_rel.gpu;", "sm_70", (6, 0)),
    (".acquire", "ld.acquire.gpu.global.u32 %r1, [%rd1];", "sm_70", (6, 0)),
    (".release", "st.release.gpu.global.u32 [%rd1], %r1;", "sm_70", (6, 0)),
    ("createpolicy", "createpolicy.fractional.L2::evict_last.b64 %rd1, 1.0;", "sm_80", (7, 4)),
    ("applypriority", "applypriority.global.L2::evict_normal [%rd1], 128;", "sm_80", (7, 4)),
    ("discard", "discard.global.L2 [%rd1], 128;", "sm_80", (7, 4)),
    ("szext", "szext.clamp.s32 %r1, %r2, %r3;", "sm_70", (7, 6)),
    ("bmsk", "bmsk.clamp.b32 %r1, %r2, %r3;", "sm_70", (7, 6)),
    ("dp4a", "dp4a.u32.u32 %r1, %r2, %r3, %r4;", "sm_61", (5, 0)),
    (".bf16 arithmetic", "add.rn.bf16 %h1, %h2, %h3;", "sm_90", (7, 8)),
    (".bf16 arithmetic", "setp.lt.bf16 %p1, %h1, %h2;", "sm_90", (7, 8)),
    (".bf16x2 arithmetic", "mul.rn.bf16x2 %r1, %r2, %r3;", "sm_90", (7, 8)),
    (".bf16", "fma.rn.bf16 %h1, %h2, %h3, %h4;", "sm_80", (7, 0)),
    (".bf16", "min.bf16 %h1, %h2, %h3;", "sm_80", (7, 0)),
    (".bf16", "cvt.rn.bf16.f32 %h1, %f1;", "sm_80", (7, 0)),
    (".NaN", "min.NaN.f32 %f1, %f2, %f3;", "sm_80", (7, 0)),
    (".xorsign", "max.xorsign.abs.f32 %f1, %f2, %f3;", "sm_86", (7, 2)),
    (".relu", "cvt.rn.relu.f16.f32 %h1, %f1;", "sm_80", (7, 0)),
    (".tf32", "cvt.rna.tf32.f32 %r1, %f1;", "sm_80", (7, 0)),
    ("cvt.f16x2.f32", "cvt.rn.f16x2.f32 %r1, %f1, %f2;", "sm_80", (7, 0)),
    (".e4m3x2", "cvt.rn.satfinite.e4m3x2.f32 %h1, %f1, %f2;", "sm_89", (8, 1)),
    ("atom.add.f16", "atom.global.add.noftz.f16 %h1, [%rd1], %h2;", "sm_70", (6, 3)),
    ("atom.add.bf16", "atom.global.add.noftz.bf16 %h1, [%rd1], %h2;", "sm_90", (7, 8)),
    ("atom.add.f64", "atom.global.add.f64 %fd1, [%rd1], %fd2;", "sm_60", (5, 0)),
    ("multimem", "multimem.red.relaxed.gpu.global.add.u32 [%rd1], %r1;", "sm_90", (8, 1)),
    ("st.async", "st.async.shared::cluster.mbarrier::complete_tx::bytes.b32 [%rd1], %r1, [%rd2];", "sm_90", (8, 1)),
    ("cp.async.bulk", "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%rd1], [%rd2], 16, [%rd3];", "sm_90", (8, 0)),
    ("%clusterid", "mov.u32 %r1, %clusterid.x;", "sm_90", (7, 8)),
    ("%cluster_ctarank", "mov.u32 %r1, %cluster_ctarank;", "sm_90", (7, 8)),
    ("fence.proxy.async", "fence.proxy.async;", "sm_90", (8, 0)),
    ("prefetch.tensormap", "prefetch.tensormap [%rd1];", "sm_90", (8, 0)),
    (".L2::cache_hint", "ld.global.L2::cache_hint.u32 %r1, [%rd1], %rd2;", "sm_80", (7, 4)),
    (".L2::256B", "ld.global.L2::256B.u32 %r1, [%rd1];", "sm_80", (7, 4)),
    ("setmaxnreg", "setmaxnreg.inc.sync.aligned.u32 64;", "sm_90a", (8, 0)),
    ("wgmma", "wgmma.fence.sync.aligned;", "sm_90a", (8, 0)),
]

# Targets in order, and the PTX ISA version each first appears in.
TARGETS = [("sm_30", (3, 0)), ("sm_50", (4, 0)), ("sm_60", (5, 0)),
           ("sm_61", (5, 0)), ("sm_70", (6, 0)), ("sm_75", (6, 3)),
           ("sm_80", (7, 0)), ("sm_86", (7, 1)), ("sm_89", (7, 8)),
           ("sm_90", (7, 8)), ("sm_90a", (8, 0)), ("sm_100a", (8, 6))]
TARGET_VERSION = dict(TARGETS)
VERSIONS = [(3, 0), (3, 1), (4, 0), (4, 1), (4, 2), (4, 3), (5, 0), (6, 0),
            (6, 1), (6, 2), (6, 3), (6, 4), (6, 5), (7, 0), (7, 1), (7, 2),
            (7, 3), (7, 4), (7, 5), (7, 6), (7, 7), (7, 8), (8, 0), (8, 1),
            (8, 2), (8, 3), (8, 4), (8, 5), (8, 6), (8, 7), (8, 8), (9, 0)]
# ptxas 13 assembles for these targets only.
PTXAS_TARGETS = {"sm_75", "sm_80", "sm_86", "sm_89", "sm_90", "sm_90a",
                 "sm_100a"}


def kernel(version, target, body):
    return (".version %d.%d\n.target %s\n.address_size 64\n"
            ".visible .entry k(.param .u64 p)\n{\n"
            "\t.reg .b32 %%r<8>;\n\t.reg .b64 %%rd<8>;\n\t.reg .pred %%p<4>;\n"
            "\t.reg .f32 %%f<8>;\n\t.reg .b16 %%h<8>;\n\t.reg .f64 %%fd<4>;\n"
            "\t%s\n\tret;\n}\n" % (version[0], version[1], target, body))


def cases():
    """(construct, file text, target, version, want_ok, why)."""
    names = [t for t, _ in TARGETS]
    for what, body, target, version in RULES:
        at = max(version, TARGET_VERSION[target])
        yield what, body, target, at, True, "at the threshold"
        # One target below (for sm_90a features: sm_90, or for wgmma the
        # later sm_100a, which lacks it).
        if what == "wgmma":
            lower = "sm_100a"
        else:
            i = names.index(target)
            lower = names[i - 1] if i > 0 else None
        if lower:
            yield what, body, lower, max(at, TARGET_VERSION[lower]), False, \
                "on " + lower
        # One PTX version below, where the target allows it.
        i = VERSIONS.index(version)
        if i > 0 and VERSIONS[i - 1] >= TARGET_VERSION[target]:
            yield what, body, target, VERSIONS[i - 1], False, \
                "with .version %d.%d" % VERSIONS[i - 1]


def main():
    mode, tool, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    failures = checked = 0
    for n, (what, body, target, version, want_ok, why) in enumerate(cases()):
        if mode == "ptxas" and target not in PTXAS_TARGETS:
            continue
        path = os.path.join(work, "case%03d.ptx" % n)
        with open(path, "w") as f:
            f.write(kernel(version, target, body))
        if mode == "ptxas":
            cmd = [tool, "-arch=" + target, path, "-o", os.devnull]
        else:
            cmd = [tool, path]
        r = subprocess.run(cmd, capture_output=True, text=True)
        checked += 1
        ok = r.returncode == 0
        problem = None
        if ok != want_ok:
            problem = "accepted" if ok else "rejected:\n" + r.stderr.strip()
        elif not ok and mode == "cumetal":
            want = "'%s' requires " % what
            if want not in r.stderr:
                problem = "rejected without naming %r:\n%s" % (
                    want, r.stderr.strip())
        if problem:
            failures += 1
            print("FAIL: %s (%s, %s, .version %d.%d) %s: %s" % (
                what, body, target, version[0], version[1], why, problem))
    print("%d cases, %d failures" % (checked, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
