# Image carriers (JPEG, PNG, WebP, TIFF): XMP via Exiv2, EXIF UserComment via libexif, PNG text
# chunks (zlib), C2PA presence; bounded hand-written walkers for JPEG segments and PNG chunks.
target_sources(aigcmark PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/image_carriers.cc
  ${CMAKE_CURRENT_LIST_DIR}/jpeg_segments.cc
  ${CMAKE_CURRENT_LIST_DIR}/png_chunks.cc
  ${CMAKE_CURRENT_LIST_DIR}/xmp_packet.cc)
target_link_libraries(aigcmark PRIVATE ZLIB::ZLIB)
