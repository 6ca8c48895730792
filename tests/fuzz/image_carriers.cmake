# Image carrier parsers. Seeds are tiny images made at build time (nothing binary is kept in the
# repository): ffmpeg makes 32x32 JPEG/PNG/WebP/TIFF, exiftool adds XMP TC260:AIGC,
# DigitalSourceType, EXIF UserComment, a PNG zTXt AIGC chunk and a PNG eXIf chunk; plus the
# committed tiny seeds.
set(_img_seed_dir ${CMAKE_CURRENT_BINARY_DIR}/image_seeds)
set(_img_label [[{"Label":"1","ContentProducer":"P","ProduceID":"I","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""}]])
set(_img_comment "{\"AIGC\":${_img_label}}")
set(_img_png_config ${_img_seed_dir}/png-aigc.config)
file(WRITE ${_img_png_config}
  "%Image::ExifTool::UserDefined = ('Image::ExifTool::PNG::TextualData' => { AIGC => { } });\n1;\n")
set(_img_plain ${_img_seed_dir}/plain.jpg ${_img_seed_dir}/plain.png)
set(_img_ffmpeg ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=32x32 -frames:v 1)
add_custom_command(OUTPUT ${_img_plain} ${_img_seed_dir}/plain.webp ${_img_seed_dir}/plain.tiff
  COMMAND ${CMAKE_COMMAND} -E make_directory ${_img_seed_dir}
  COMMAND ${_img_ffmpeg} ${_img_seed_dir}/plain.jpg
  COMMAND ${_img_ffmpeg} ${_img_seed_dir}/plain.png
  COMMAND ${_img_ffmpeg} -c:v libwebp ${_img_seed_dir}/plain.webp
  COMMAND ${_img_ffmpeg} ${_img_seed_dir}/plain.tiff
  COMMENT "Generating image fuzz seeds with ffmpeg" VERBATIM)
set(_img_jpeg_seeds ${_img_seed_dir}/plain.jpg ${CMAKE_CURRENT_LIST_DIR}/seeds/tiny.jpg)
set(_img_png_seeds ${_img_seed_dir}/plain.png ${CMAKE_CURRENT_LIST_DIR}/seeds/tiny.png)
set(_img_other_seeds ${_img_seed_dir}/plain.webp ${_img_seed_dir}/plain.tiff)
find_program(AIGCMARK_EXIFTOOL exiftool)
if(AIGCMARK_EXIFTOOL)
  set(_img_tags -XMP-TC260:AIGC=${_img_label}
      -XMP-iptcExt:DigitalSourceType=http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia)
  set(_img_exiftool ${AIGCMARK_EXIFTOOL} -config ${AIGCMARK_SHARED_DIR}/labels/tc260.exiftool.config -q)
  set(_img_labelled ${_img_seed_dir}/label.jpg ${_img_seed_dir}/label.png
      ${_img_seed_dir}/label.webp ${_img_seed_dir}/label.tiff ${_img_seed_dir}/text.png
      ${_img_seed_dir}/exif.png)
  add_custom_command(OUTPUT ${_img_labelled}
    COMMAND ${CMAKE_COMMAND} -E rm -f ${_img_labelled}
    COMMAND ${_img_exiftool} ${_img_tags} -UserComment=${_img_comment} -Make=Cam
            -o ${_img_seed_dir}/label.jpg ${_img_seed_dir}/plain.jpg
    COMMAND ${_img_exiftool} ${_img_tags} -o ${_img_seed_dir}/label.png ${_img_seed_dir}/plain.png
    # exiftool 12.57 refuses "-o x.webp" ("Can't write RIFF files") but edits WebP in place.
    COMMAND ${CMAKE_COMMAND} -E copy ${_img_seed_dir}/plain.webp ${_img_seed_dir}/label.webp
    COMMAND ${_img_exiftool} ${_img_tags} -UserComment=${_img_comment} -overwrite_original
            ${_img_seed_dir}/label.webp
    COMMAND ${_img_exiftool} ${_img_tags} -UserComment=${_img_comment}
            -o ${_img_seed_dir}/label.tiff ${_img_seed_dir}/plain.tiff
    COMMAND ${AIGCMARK_EXIFTOOL} -config ${_img_png_config} -q -z -PNG:AIGC=${_img_comment}
            -o ${_img_seed_dir}/text.png ${_img_seed_dir}/plain.png
    # An eXIf chunk (exiftool writes PNG EXIF there), for the eXIf rewrite.
    COMMAND ${AIGCMARK_EXIFTOOL} -q -Orientation#=6 -Make=Cam
            -o ${_img_seed_dir}/exif.png ${_img_seed_dir}/plain.png
    DEPENDS ${_img_plain} ${_img_other_seeds}
    COMMENT "Labelling image fuzz seeds with exiftool" VERBATIM)
  list(APPEND _img_jpeg_seeds ${_img_seed_dir}/label.jpg)
  list(APPEND _img_png_seeds ${_img_seed_dir}/label.png ${_img_seed_dir}/text.png
       ${_img_seed_dir}/exif.png)
  list(APPEND _img_other_seeds ${_img_seed_dir}/label.webp ${_img_seed_dir}/label.tiff)
endif()
add_custom_target(fuzz_image_seeds ALL
  DEPENDS ${_img_jpeg_seeds} ${_img_png_seeds} ${_img_other_seeds})

aigcmark_add_fuzzer(fuzz_jpeg_segments ${CMAKE_CURRENT_LIST_DIR}/fuzz_jpeg_segments.cc
  SEEDS ${_img_jpeg_seeds})
aigcmark_add_fuzzer(fuzz_png_chunks ${CMAKE_CURRENT_LIST_DIR}/fuzz_png_chunks.cc
  SEEDS ${_img_png_seeds})
aigcmark_add_fuzzer(fuzz_image_metadata ${CMAKE_CURRENT_LIST_DIR}/fuzz_image_metadata.cc
  SEEDS ${_img_jpeg_seeds} ${_img_png_seeds} ${_img_other_seeds})
foreach(t fuzz_jpeg_segments fuzz_png_chunks fuzz_image_metadata)
  add_dependencies(${t} fuzz_image_seeds)
endforeach()
