# Compiler warnings and sanitizer flags shared by every cumetalc target.

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  add_compile_options(-Wall -Wextra -Wno-unused-parameter
                      $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor>)
endif()

if(CUMETAL_SANITIZE)
  set(_cumetal_san -fsanitize=address,undefined -fno-sanitize-recover=all
                   -fno-omit-frame-pointer)
  add_compile_options(${_cumetal_san})
  add_link_options(${_cumetal_san})
endif()

# cumetal_llvm_target(TARGET): link TARGET against the shared LLVM library
# that Debian's llvm-14-dev ships (one big .so links much faster than the
# component archives).
function(cumetal_link_llvm target)
  target_link_libraries(${target} PUBLIC LLVM)
endfunction()
