# Fuzz target for the scan module's archive reader. Seeds are tiny archives made at build time
# with `cmake -E tar` (nothing binary in the repository).
set(_scan_seed_dir ${CMAKE_CURRENT_BINARY_DIR}/archive_seeds)
set(_scan_seed_src ${CMAKE_CURRENT_LIST_DIR}/seeds/tiny.jpg ${CMAKE_CURRENT_LIST_DIR}/seeds/tiny.png)
set(_scan_seeds ${_scan_seed_dir}/seed.zip ${_scan_seed_dir}/seed.tar ${_scan_seed_dir}/seed.tar.gz
    ${_scan_seed_dir}/seed.tar.xz ${_scan_seed_dir}/seed.tar.zst)
add_custom_command(OUTPUT ${_scan_seeds}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${_scan_seed_dir}/in/dir
  COMMAND ${CMAKE_COMMAND} -E copy ${_scan_seed_src} ${_scan_seed_dir}/in/dir
  COMMAND ${CMAKE_COMMAND} -E chdir ${_scan_seed_dir}/in ${CMAKE_COMMAND} -E tar cf ../seed.zip --format=zip dir
  COMMAND ${CMAKE_COMMAND} -E chdir ${_scan_seed_dir}/in ${CMAKE_COMMAND} -E tar cf ../seed.tar --format=pax dir
  COMMAND ${CMAKE_COMMAND} -E chdir ${_scan_seed_dir}/in ${CMAKE_COMMAND} -E tar czf ../seed.tar.gz dir
  COMMAND ${CMAKE_COMMAND} -E chdir ${_scan_seed_dir}/in ${CMAKE_COMMAND} -E tar cJf ../seed.tar.xz dir
  COMMAND ${CMAKE_COMMAND} -E chdir ${_scan_seed_dir}/in ${CMAKE_COMMAND} -E tar cf ../seed.tar.zst --zstd dir
  DEPENDS ${_scan_seed_src}
  COMMENT "Generating archive fuzz seeds" VERBATIM)
add_custom_target(fuzz_scan_archive_seeds ALL DEPENDS ${_scan_seeds})
aigcmark_add_fuzzer(fuzz_scan_archive ${CMAKE_CURRENT_LIST_DIR}/fuzz_scan_archive.cc SEEDS ${_scan_seeds})
add_dependencies(fuzz_scan_archive fuzz_scan_archive_seeds)
