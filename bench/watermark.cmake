# Watermark measurement tools (issue 3):
#   wm_robustness  - attack suite on opencv-doc photos + false-alarm run (see RESULTS-watermark.md)
#   wm_bench       - Google Benchmark: embed/detect at 1080p vs cv::imdecode, SIMD vs scalar
add_executable(wm_robustness ${CMAKE_CURRENT_LIST_DIR}/wm_robustness.cc)
target_include_directories(wm_robustness PRIVATE ${PROJECT_SOURCE_DIR}/lib ${PROJECT_SOURCE_DIR}/tests)
target_link_libraries(wm_robustness PRIVATE aigcmark ${OpenCV_LIBS} Threads::Threads)
if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/wm_bench.cc)
  add_executable(wm_bench ${CMAKE_CURRENT_LIST_DIR}/wm_bench.cc)
  target_include_directories(wm_bench PRIVATE ${PROJECT_SOURCE_DIR}/lib ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(wm_bench PRIVATE AIGCMARK_OPENCV_DATA="/usr/share/doc/opencv-doc/examples/data")
  target_link_libraries(wm_bench PRIVATE aigcmark ${OpenCV_LIBS} benchmark::benchmark PkgConfig::HWY)
endif()
