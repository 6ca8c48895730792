# MP4/MOV carriers (mdta, XMP uuid, C2PA uuid) and Matroska/WebM tags.
aigcmark_add_test(bmff_reader_test ${CMAKE_CURRENT_LIST_DIR}/bmff_reader_test.cc)
aigcmark_add_test(bmff_roundtrip_test ${CMAKE_CURRENT_LIST_DIR}/bmff_roundtrip_test.cc)
aigcmark_add_test(bmff_corrupt_test ${CMAKE_CURRENT_LIST_DIR}/bmff_corrupt_test.cc)
