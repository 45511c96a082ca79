# Fails when a source file includes a header its layer may not see (architecture.md's table).
# Run as: cmake -DSOURCE_DIR=... -P layering_check.cmake
# One rule per layer: "layer|forbidden,forbidden,...". Commas, because a ';' would split the
# rule itself into separate CMake list elements.
set(rules
  "screens|idcard/,receipt/,qr/,common/,sqlite3.h,curl/,outbox.h,database.h,local_state.h,platform/,flow/,sync/,services/,core/"
  "drivers|sqlite3.h,curl/,outbox.h,database.h,local_state.h,toolkit/,screens/,platform/,flow/,sync/,services/"
  "offline-cache|curl/,idcard/,receipt/,qr/,common/,toolkit/,screens/,SDL,platform/,flow/,sync/,services/")
set(violations "")
foreach(rule ${rules})
  string(REPLACE "," ";" rule "${rule}")
  string(REPLACE "|" ";" parts "${rule}")
  list(GET parts 0 layer)
  list(REMOVE_AT parts 0)
  file(GLOB_RECURSE sources "${SOURCE_DIR}/${layer}/*.h" "${SOURCE_DIR}/${layer}/*.cpp")
  foreach(source ${sources})
    file(STRINGS "${source}" includes REGEX "^#include")
    foreach(line ${includes})
      foreach(forbidden ${parts})
        string(FIND "${line}" "${forbidden}" at)
        if(NOT at EQUAL -1)
          list(APPEND violations "${source}: ${line}")
        endif()
      endforeach()
    endforeach()
  endforeach()
endforeach()
if(violations)
  list(JOIN violations "\n  " text)
  message(FATAL_ERROR "layering violations:\n  ${text}")
endif()
message(STATUS "layering: no violations")
