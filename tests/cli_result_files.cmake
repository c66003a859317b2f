# Result directories' copy of the model (bytes as read, also from stdin and
# GraphML) and the unit series forms (--unit-series): tests/cli_result_files.py.
find_program(CISIM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
foreach(case model-copy graphml unit-series)
  add_test(NAME "cli: result files ${case}"
    COMMAND ${CISIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/cli_result_files.py ${case} $<TARGET_FILE:cisim>
      ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/cli-result-files/${case})
  set_tests_properties("cli: result files ${case}" PROPERTIES LABELS cli)
endforeach()
