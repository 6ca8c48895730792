target_sources(aigcmark PRIVATE ${CMAKE_CURRENT_LIST_DIR}/image_carriers.cc)
