#!/usr/bin/env python3
"""Writes a damaged copy of a .metallib for air_validate's tests.

usage: corrupt_metallib.py MODE IN OUT [ARG]
modes:
  truncate N       keep the first N bytes (negative: drop -N bytes)
  flip-hash        flip one bit of the first function's HASH tag
  file-size        add 1 to the header's file-size field
  offset-past-end  point the module list past the end of the file
  drop-endt        rename the first function group's ENDT to ENDX
  not-bitcode      overwrite the first module's 'BC' magic and fix its HASH
"""
import hashlib
import struct
import sys


def find_tag(data, name, start=92):
    i = data.index(name.encode(), start)
    return i + 6  # payload after the 4-byte name and u16 size


def main():
    mode, src, dst = sys.argv[1:4]
    data = bytearray(open(src, "rb").read())
    if mode == "truncate":
        n = int(sys.argv[4])
        data = data[:n] if n >= 0 else data[:n]
    elif mode == "flip-hash":
        data[find_tag(data, "HASH")] ^= 0x01
    elif mode == "file-size":
        size = struct.unpack_from("<Q", data, 0x10)[0]
        struct.pack_into("<Q", data, 0x10, size + 1)
    elif mode == "offset-past-end":
        struct.pack_into("<Q", data, 0x48, len(data) + 64)
    elif mode == "drop-endt":
        group = struct.unpack_from("<I", data, 92)[0]
        end = 92 + group - 4
        assert data[end:end + 4] == b"ENDT"
        data[end + 3:end + 4] = b"X"
    elif mode == "not-bitcode":
        modules = struct.unpack_from("<Q", data, 0x48)[0]
        offt = find_tag(data, "OFFT")
        start = modules + struct.unpack_from("<Q", data, offt + 16)[0]
        size = struct.unpack_from("<Q", data, find_tag(data, "MDSZ"))[0]
        data[start + 20:start + 24] = b"NOPE"
        digest = hashlib.sha256(bytes(data[start:start + size])).digest()
        h = find_tag(data, "HASH")
        data[h:h + 32] = digest
    else:
        sys.exit("unknown mode " + mode)
    open(dst, "wb").write(bytes(data))


if __name__ == "__main__":
    main()
