# `cisim analyze` and `cisim convert` from the command line (SPEC §5.1, §11):
# one ctest test per case of tests/cli_analyze.py, each in its own work dir.
find_program(CISIM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
foreach(case analyze-json analyze-text analyze-errors analyze-large analyze-connectivity nisc-2007 convert-round-trip convert-errors graphml-models)
  add_test(NAME "cli: ${case}"
    COMMAND ${CISIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/cli_analyze.py ${case} $<TARGET_FILE:cisim>
      ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/cli-analyze/${case})
endforeach()
