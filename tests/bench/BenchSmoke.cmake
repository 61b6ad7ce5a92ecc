# Runs `fieldsync-bench --suite sync --quick` with very small counts (see CMakeLists.txt).
# Fails when the benchmark exits non-zero, prints no JSON line, misses a measurement or reports an error.
execute_process(
    COMMAND ${BENCH} --suite sync --quick --rows 300 --push-rows 120 --batch 50 --server ${SERVER}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 280)
message("${out}")
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "fieldsync-bench exited with \"${rc}\"\n${err}")
endif()
string(REGEX MATCHALL "{\"tool\":\"fieldsync\"[^\n]*}" lines "${out}")
list(LENGTH lines count)
if(count LESS 7)
    message(FATAL_ERROR "expected at least 7 JSON lines, got ${count}\n${err}")
endif()
foreach(test initial_pull gui_stall_ms push incremental_round naive_push naive_pull ratio_to_baseline)
    if(NOT out MATCHES "\"test\":\"${test}\"")
        message(FATAL_ERROR "no \"${test}\" measurement in the output\n${err}")
    endif()
endforeach()
if(out MATCHES "\"error\":")
    message(FATAL_ERROR "a measurement reported an error")
endif()
