# MP4/MOV box walker + carriers. Seeds are tiny clips made by ffmpeg at build time (nothing
# binary is kept in the repository): mdta label in MP4 and MOV, and an XMP uuid box written by
# exiftool when it is installed.
set(_bmff_seed_dir ${CMAKE_CURRENT_BINARY_DIR}/bmff_seeds)
set(_bmff_label [[{"Label":"1","ContentProducer":"P","ProduceID":"I","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""}]])
set(_bmff_ffmpeg ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=32x32:rate=5:duration=0.4
    -f lavfi -i sine=duration=0.4 -shortest -c:v libx264 -preset ultrafast -c:a aac -b:a 16k
    -metadata AIGC=${_bmff_label} -metadata DigitalSourceType=http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia
    -movflags +use_metadata_tags+faststart)
set(_bmff_seeds ${_bmff_seed_dir}/label.mp4 ${_bmff_seed_dir}/label.mov)
add_custom_command(OUTPUT ${_bmff_seeds}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${_bmff_seed_dir}
  COMMAND ${_bmff_ffmpeg} ${_bmff_seed_dir}/label.mp4
  COMMAND ${_bmff_ffmpeg} ${_bmff_seed_dir}/label.mov
  COMMENT "Generating MP4/MOV fuzz seeds with ffmpeg" VERBATIM)
find_program(AIGCMARK_EXIFTOOL exiftool)
if(AIGCMARK_EXIFTOOL)
  add_custom_command(OUTPUT ${_bmff_seed_dir}/xmp.mp4
    COMMAND ${CMAKE_COMMAND} -E rm -f ${_bmff_seed_dir}/xmp.mp4
    COMMAND ${AIGCMARK_EXIFTOOL} -config ${AIGCMARK_SHARED_DIR}/labels/tc260.exiftool.config -q
            -XMP-TC260:AIGC=${_bmff_label} -o ${_bmff_seed_dir}/xmp.mp4 ${_bmff_seed_dir}/label.mp4
    DEPENDS ${_bmff_seed_dir}/label.mp4
    COMMENT "Adding an XMP uuid box to a fuzz seed with exiftool" VERBATIM)
  list(APPEND _bmff_seeds ${_bmff_seed_dir}/xmp.mp4)
endif()
add_custom_target(fuzz_bmff_seeds ALL DEPENDS ${_bmff_seeds})
aigcmark_add_fuzzer(fuzz_bmff ${CMAKE_CURRENT_LIST_DIR}/fuzz_bmff.cc SEEDS ${_bmff_seeds})
add_dependencies(fuzz_bmff fuzz_bmff_seeds)
