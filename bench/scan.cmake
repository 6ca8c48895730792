# `cmake --build build --target bench_scan`: aigcmark scan throughput (metadata-only vs exiftool,
# default scan 1 vs 2 jobs), the 5%-corrupt corpus and peak RSS 1k vs 10k files; see
# RESULTS-scan.md.
add_custom_target(bench_scan
  COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/scan_bench.py --cli $<TARGET_FILE:aigcmark_cli>
  DEPENDS aigcmark_cli USES_TERMINAL
  COMMENT "aigcmark scan: throughput, corrupt corpus, peak memory")
