# Fails when a C++ source differs from what .clang-format asks for.
# Run as: cmake -DSOURCE_DIR=... -DCLANG_FORMAT=... -P format_check.cmake
file(GLOB_RECURSE sources
  "${SOURCE_DIR}/drivers/*.cpp" "${SOURCE_DIR}/drivers/*.h"
  "${SOURCE_DIR}/offline-cache/*.cpp" "${SOURCE_DIR}/offline-cache/*.h"
  "${SOURCE_DIR}/screens/*.cpp" "${SOURCE_DIR}/screens/*.h"
  "${SOURCE_DIR}/kiosk/*.cpp" "${SOURCE_DIR}/kiosk/*.h"
  "${SOURCE_DIR}/tools/*.cpp" "${SOURCE_DIR}/tools/*.h"
  "${SOURCE_DIR}/tests/*.cpp" "${SOURCE_DIR}/tests/*.h")
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${sources} RESULT_VARIABLE result ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "clang-format: run tools/format.sh\n${output}")
endif()
list(LENGTH sources count)
message(STATUS "format: ${count} files clean")
