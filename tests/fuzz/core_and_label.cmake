aigcmark_add_fuzzer(fuzz_label_json ${CMAKE_CURRENT_LIST_DIR}/fuzz_label_json.cc
  SEEDS ${CMAKE_CURRENT_LIST_DIR}/seeds/label_wrapped.json ${CMAKE_CURRENT_LIST_DIR}/seeds/label_odd.json)
aigcmark_add_fuzzer(fuzz_image_decode ${CMAKE_CURRENT_LIST_DIR}/fuzz_image_decode.cc
  SEEDS ${CMAKE_CURRENT_LIST_DIR}/seeds/tiny.jpg ${CMAKE_CURRENT_LIST_DIR}/seeds/tiny.png)
