# CMake toolchain file for CUDA projects built with cumetal (docs/toolkit.md).
#
#   cmake -S . -B build \
#     -DCMAKE_TOOLCHAIN_FILE=<prefix>/share/cumetal/cumetal-toolchain.cmake
#
# It only points CMake at the installed toolkit: CUDA is then the ordinary
# language CMake drives nvcc with (cumetalc answers as nvcc does), and
# find_package(CUDAToolkit) finds cumetal's headers and runtime. Setting
# CMAKE_CUDA_COMPILER to <prefix>/bin/nvcc (or bin/cumetalc) does the same
# without this file.
get_filename_component(_cumetal_prefix "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
set(CMAKE_CUDA_COMPILER "${_cumetal_prefix}/bin/nvcc" CACHE FILEPATH
    "cumetalc, under nvcc's name")
set(CUDAToolkit_ROOT "${_cumetal_prefix}" CACHE PATH "cumetal's toolkit")
unset(_cumetal_prefix)
