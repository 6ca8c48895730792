# Video measurements (issue 6): `cmake --build build --target bench_video` runs the robustness
# attack suite, label speed vs `ffmpeg -c:v libx264`, detection time and peak RSS; see
# RESULTS-video.md.
add_custom_target(bench_video
  COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/video_bench.py --cli $<TARGET_FILE:aigcmark_cli>
  DEPENDS aigcmark_cli USES_TERMINAL
  COMMENT "video: robustness attacks, label speed vs ffmpeg, detection time, peak memory")
