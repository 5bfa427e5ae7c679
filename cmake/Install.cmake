# The installed toolkit (docs/toolkit.md): the layout of a CUDA toolkit, so
# that build systems written for nvcc find cumetalc, its headers and its
# runtime where they look.
#
#   bin/cumetalc, bin/nvcc -> cumetalc, bin/air_inspect, bin/air_validate
#   include/                 the CUDA headers (runtime-lite/include)
#   lib/                     libcudart_static.a, libcudart.so, libcudadevrt.a,
#                            cumetal/libdevice.bc (cumetal's device library)
#   lib64 -> lib             where FindCUDAToolkit and Makefiles look
#   nvvm/libdevice/          empty: CMake requires the folder; cumetal ships
#                            no NVIDIA libdevice
#   share/cumetal/cumetal-toolchain.cmake
include(GNUInstallDirs)

install(TARGETS cumetalc air_inspect air_validate RUNTIME DESTINATION bin)
install(CODE "execute_process(COMMAND \${CMAKE_COMMAND} -E create_symlink
  cumetalc \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/bin/nvcc\")")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime-lite/include/
  DESTINATION include)
install(TARGETS cudart_static cudadevrt ARCHIVE DESTINATION lib)
install(TARGETS cumetal_rt_shared LIBRARY DESTINATION lib)
# The installed runtime carries no debug information (the build tree's
# does): programs link several times faster against the small archive.
if(CMAKE_STRIP)
  foreach(lib libcudart_static.a libcudadevrt.a libcudart.so)
    install(CODE "execute_process(COMMAND ${CMAKE_STRIP} -g
      \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/${lib}\")")
  endforeach()
endif()
install(FILES ${CMAKE_ARCHIVE_OUTPUT_DIRECTORY}/cumetal/libdevice.bc
  DESTINATION lib/cumetal)
install(CODE "execute_process(COMMAND \${CMAKE_COMMAND} -E create_symlink
  lib \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib64\")")
install(DIRECTORY DESTINATION nvvm/libdevice)
install(FILES ${PROJECT_SOURCE_DIR}/cmake/cumetal-toolchain.cmake
  DESTINATION share/cumetal)
