target_sources(aigcmark PRIVATE ${CMAKE_CURRENT_LIST_DIR}/bmff_carriers.cc)
