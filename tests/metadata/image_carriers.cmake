# Image carriers: round trips on real photos, pixel identity, hostile files, exiftool interop.
aigcmark_add_test(image_carriers_test
  ${CMAKE_CURRENT_LIST_DIR}/image_carriers_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/image_test_util.cc
  LIBS ${OpenCV_LIBS} ZLIB::ZLIB)
aigcmark_add_test(image_hostile_test
  ${CMAKE_CURRENT_LIST_DIR}/image_hostile_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/image_test_util.cc
  LIBS ${OpenCV_LIBS} ZLIB::ZLIB)
aigcmark_add_test(image_interop_test
  ${CMAKE_CURRENT_LIST_DIR}/image_interop_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/image_test_util.cc
  LIBS ${OpenCV_LIBS} ZLIB::ZLIB)
