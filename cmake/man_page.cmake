# cmake -DSCDOC=<scdoc> -DSOURCE=<page>.scd -DOUTPUT=<page>.gz -P cmake/man_page.cmake: one man
# page, from its scdoc source, gzipped as Debian ships man pages (-n: no name or time stamp in
# the header, so that the same source gives the same bytes).
execute_process(COMMAND "${SCDOC}" INPUT_FILE "${SOURCE}" OUTPUT_FILE "${OUTPUT}.roff"
                RESULT_VARIABLE scdoc_result)
if(NOT scdoc_result EQUAL 0)
  message(FATAL_ERROR "scdoc failed on ${SOURCE}")
endif()
execute_process(COMMAND gzip -9nf "${OUTPUT}.roff" RESULT_VARIABLE gzip_result)
if(NOT gzip_result EQUAL 0)
  message(FATAL_ERROR "gzip failed on ${OUTPUT}.roff")
endif()
file(RENAME "${OUTPUT}.roff.gz" "${OUTPUT}")
