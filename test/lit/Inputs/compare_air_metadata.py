#!/usr/bin/env python3
"""Compares the AIR module metadata of two metallibs.

Disassembles the first module of each with `air_inspect --dis` and checks
that both have the same module-flag keys (with the same behaviours), the
same named-metadata nodes in the same order, the same !air.version and
!air.language_version, and that every argument-node field name of the
reference's buffer and builtin nodes appears in ours for the same kind of
argument. Exits 1 with a report on any difference.
"""
import re
import subprocess
import sys


def disassemble(path):
    return subprocess.run(["air_inspect", "--dis", path], check=True,
                          capture_output=True, text=True).stdout


def flags(ir):
    # !N = !{i32 B, !"key", ...} entries referenced by !llvm.module.flags
    refs = re.search(r"^!llvm\.module\.flags = !\{(.*)\}$", ir, re.M).group(1)
    out = {}
    for ref in re.findall(r"!(\d+)", refs):
        node = re.search(r"^!%s = !\{i32 (\d+), !\"([^\"]+)\"" % ref, ir, re.M)
        out[node.group(2)] = node.group(1)
    return out


def named(ir):
    return [n for n in re.findall(r"^!([a-z][\w.]*) = ", ir, re.M)
            if n not in ("air.function_constants",)]


def node_of(ir, name):
    ref = re.search(r"^!%s = !\{!(\d+)\}$" % re.escape(name), ir, re.M).group(1)
    return re.search(r"^!%s = (.*)$" % ref, ir, re.M).group(1)


# The access qualifier is one field whose value differs by argument.
ACCESS = {"air.read": "<access>", "air.read_write": "<access>",
          "air.write": "<access>"}


def arg_fields(ir):
    """Field names per argument kind (air.buffer, air.<builtin>)."""
    kinds = {}
    for body in re.findall(r"^!\d+ = !\{i32 \d+, (!\"air\..*)\}$", ir, re.M):
        names = [ACCESS.get(n, n) for n in re.findall(r"!\"(air\.[\w.]+)\"", body)]
        kind = "air.buffer" if names[0] == "air.buffer" else "builtin"
        kinds.setdefault(kind, set()).update(names[1:] if kind == "air.buffer" else
                                             [n for n in names[1:]])
    return kinds


def main():
    ours, ref = disassemble(sys.argv[1]), disassemble(sys.argv[2])
    problems = []
    if flags(ours) != flags(ref):
        problems.append("module flags differ: %s vs %s" % (flags(ours), flags(ref)))
    if named(ours) != named(ref):
        problems.append("named metadata differ: %s vs %s" % (named(ours), named(ref)))
    for name in ("air.version", "air.language_version"):
        if node_of(ours, name) != node_of(ref, name):
            problems.append("%s differs: %s vs %s" % (name, node_of(ours, name), node_of(ref, name)))
    our_fields, ref_fields = arg_fields(ours), arg_fields(ref)
    for kind, fields in ref_fields.items():
        missing = fields - our_fields.get(kind, set())
        # Builtins are compared by field names other than the builtin itself.
        if kind == "builtin":
            missing = {f for f in missing if not f.startswith("air.thread")}
        if missing:
            problems.append("%s nodes lack %s" % (kind, sorted(missing)))
    for p in problems:
        print("error: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
