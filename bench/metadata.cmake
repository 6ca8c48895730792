# `cmake --build build --target bench_metadata_read`: metadata read throughput vs exiftool.
add_custom_target(bench_metadata_read
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/metadata_read.sh $<TARGET_FILE:aigcmark_cli> 2000
  DEPENDS aigcmark_cli USES_TERMINAL
  COMMENT "metadata read throughput: aigcmark vs exiftool")
