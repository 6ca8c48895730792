# ISO BMFF (MP4/MOV) carriers and container tags of other video formats. XMP packets are
# decoded with metadata/xmp_packet.h (listed by the image carriers).
target_sources(aigcmark PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/bmff_box.cc
  ${CMAKE_CURRENT_LIST_DIR}/bmff_carriers.cc
  ${CMAKE_CURRENT_LIST_DIR}/bmff_writer.cc
  ${CMAKE_CURRENT_LIST_DIR}/av_tags.cc)
