# Visible-label measurement tool (issue 4): found rates after JPEG 75 / resize 0.5 on real photos,
# no-label rate on unlabeled photos, FFmpeg drawtext labels, and 1080p check time on one core
# against cv::imdecode of the same JPEG. `cmake --build build --target bench_visible`; numbers
# go to RESULTS-visible.md.
add_executable(visible_bench ${CMAKE_CURRENT_LIST_DIR}/visible_bench.cc)
target_include_directories(visible_bench PRIVATE ${PROJECT_SOURCE_DIR}/lib ${PROJECT_SOURCE_DIR}/tests)
target_link_libraries(visible_bench PRIVATE aigcmark ${OpenCV_LIBS})
target_compile_definitions(visible_bench PRIVATE
  AIGCMARK_OPENCV_DATA="/usr/share/doc/opencv-doc/examples/data")
add_custom_target(bench_visible
  COMMAND $<TARGET_FILE:visible_bench>
  DEPENDS visible_bench USES_TERMINAL
  COMMENT "visible labels: robustness, false alarms, 1080p check time")
