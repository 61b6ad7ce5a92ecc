# ctest translations_uptodate: runs lupdate exactly as the update_translations target does, but into copies of
# the committed .ts files, and fails when the copies differ (a source string was added, changed or removed
# without updating the catalogues). German and Spanish must also be complete: no unfinished entries.
#   -DPROJECT_FILE=<build>/translations/.lupdate/fieldsync_translations_project.cmake
#   -DGENERATOR=<Qt>/GenerateLUpdateProject.cmake -DLUPDATE=<lupdate> -DWORK_DIR=<scratch dir>
foreach(var PROJECT_FILE GENERATOR LUPDATE WORK_DIR)
    if(NOT ${var})
        message(FATAL_ERROR "CheckTranslations.cmake: ${var} is not set")
    endif()
endforeach()
if(NOT EXISTS "${PROJECT_FILE}")
    message(FATAL_ERROR "${PROJECT_FILE} is missing; configure the build first")
endif()

include("${PROJECT_FILE}") # lupdate_project_file, lupdate_include_paths, lupdate_sources, lupdate_translations
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

set(copies "")
foreach(ts IN LISTS lupdate_translations)
    get_filename_component(name "${ts}" NAME)
    configure_file("${ts}" "${WORK_DIR}/${name}" COPYONLY)
    list(APPEND copies "${WORK_DIR}/${name}")
endforeach()

file(WRITE "${WORK_DIR}/project.cmake" "set(lupdate_project_file \"${lupdate_project_file}\")
set(lupdate_include_paths \"${lupdate_include_paths}\")
set(lupdate_sources \"${lupdate_sources}\")
set(lupdate_translations \"${copies}\")
")
execute_process(COMMAND "${CMAKE_COMMAND}" -DIN_FILE=${WORK_DIR}/project.cmake -DOUT_FILE=${WORK_DIR}/project.json
    -P "${GENERATOR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "Generating the lupdate project failed")
endif()
execute_process(COMMAND "${LUPDATE}" -project "${WORK_DIR}/project.json" -no-obsolete -locations none -silent
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed: ${out}${err}")
endif()

set(problems "")
foreach(ts IN LISTS lupdate_translations)
    get_filename_component(name "${ts}" NAME)
    file(READ "${ts}" committed)
    file(READ "${WORK_DIR}/${name}" fresh)
    if(NOT committed STREQUAL fresh)
        string(APPEND problems "  ${name} is stale: build the update_translations target and translate the new strings\n")
    endif()
    if(NOT name MATCHES "_en\\.ts$")
        string(REGEX MATCHALL "type=\"unfinished\"" unfinished "${committed}")
        list(LENGTH unfinished count)
        if(count GREATER 0)
            string(APPEND problems "  ${name} has ${count} unfinished translation(s)\n")
        endif()
    endif()
endforeach()
if(problems)
    message(FATAL_ERROR "Translations are not up to date:\n${problems}")
endif()
message(STATUS "Translations are up to date and complete")
