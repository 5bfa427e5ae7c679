# lit configuration for cumetalc's command-line tests.
import os

import lit.formats

config.name = "cumetalc"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)

config.environment["PATH"] = os.pathsep.join(
    [config.cumetal_bin_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])

config.substitutions.append(("%python", config.python))
config.substitutions.append(("%cumetal_lib", config.cumetal_lib_dir))
config.substitutions.append(("%clangxx", os.path.join(config.llvm_tools_dir, "clang++")))
config.substitutions.append(("%fixtures", config.fixtures_dir))
# PTX execution tests (ptx/Inputs/exec/run_exec.py): compile a .ptx, run
# its kernels with ptx_exec, compare with outputs recorded on NVIDIA.
config.substitutions.append(
    ("%ptx_exec_test", " ".join([
        config.python,
        os.path.join(config.test_source_root, "ptx", "Inputs", "exec", "run_exec.py"),
        os.path.join(config.cumetal_bin_dir, "cumetalc"),
        os.path.join(config.cumetal_bin_dir, "ptx_exec")])))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))
config.substitutions.append(
    ("%corrupt", config.python + " " + os.path.join(config.test_source_root, "Inputs", "corrupt_metallib.py")))

# Apple-built fixtures live in ../shared beside the checkout, never in the
# repository; tests that need them say "REQUIRES: fixtures".
if os.path.isdir(config.fixtures_dir):
    config.available_features.add("fixtures")
else:
    lit_config.note("Apple fixtures not found at %s: tests that need them "
                    "are reported UNSUPPORTED" % config.fixtures_dir)

# Programs cumetalc links run on the cpu backend; the sanitizer build's
# runtime libraries would need sanitizer link flags, so tests that run what
# they compile say "REQUIRES: run-programs".
if config.sanitize.upper() in ("", "OFF", "0", "FALSE", "NO"):
    config.available_features.add("run-programs")

# NVIDIA's nvcc, for the binary path's tests (nvcc-built objects linked
# against runtime-lite): "REQUIRES: nvcc".
if config.nvcc and not config.nvcc.endswith("NOTFOUND"):
    config.available_features.add("nvcc")
    config.substitutions.append(("%nvcc", config.nvcc))
    config.substitutions.append(
        ("%ptxas", os.path.join(os.path.dirname(config.nvcc), "ptxas")))
else:
    lit_config.note("NVIDIA's nvcc not found: binary-path tests are "
                    "reported UNSUPPORTED")
