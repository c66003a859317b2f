# Output files against docs/formats.md and the JSON Schemas of summary.json,
# measures.json and sensitivity.json (issue 22). Needs python3-jsonschema.
find_program(CISIM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
add_test(NAME "output formats"
  COMMAND ${CISIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/output_formats.py $<TARGET_FILE:cisim> ${PROJECT_SOURCE_DIR}
    ${CMAKE_CURRENT_BINARY_DIR}/output-formats)
set_tests_properties("output formats" PROPERTIES LABELS cli)
