#!/usr/bin/env python3
"""Checks one `air_inspect --json` document against the documented schema."""
import json
import sys

path, doc = sys.argv[1], json.load(open(sys.argv[2]))
assert doc["schema"] == "cumetal.air_inspect/1"
assert doc["file"] == path
assert doc["size"] > 88
assert set(doc["container"]) == {"version", "macos_flag", "file_type", "stub", "platform"}
assert set(doc["sections"]) == {"function_list", "public_metadata", "private_metadata", "modules"}
for f in doc["functions"]:
    for key in ("index", "name", "type", "type_name", "air_version", "metal_version",
                "hash", "module_size", "tags", "public_metadata", "private_metadata", "module"):
        assert key in f, key
    assert f["hash"]["ok"] is True, f["name"]
    m = f["module"]
    assert m["ok"] is True, m["error"]
    assert m["triple"].startswith("air64"), m["triple"]
    assert m["kernel"] is not None
print("ok", path)
