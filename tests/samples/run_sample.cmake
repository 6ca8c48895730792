# cmake -P script: install, configure the sample against the install, build, run.
file(REMOVE_RECURSE ${WORK_DIR})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${err}")
  endif()
endfunction()
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/samples -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/label_and_check ${SOURCE_DIR}/samples/media/photo.jpg ${WORK_DIR}/labeled.jpg
    001191110102MACQD9K64010000 img-20261122-0001)
# The installed CLI runs too and reads the label back.
run(${WORK_DIR}/prefix/bin/aigcmark metadata read --json ${WORK_DIR}/labeled.jpg)
