# cisim sensitivity end to end on a hand-made model with a known answer.
add_test(NAME "cli: sensitivity"
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/sensitivity.sh $<TARGET_FILE:cisim> ${PROJECT_SOURCE_DIR}
    ${CMAKE_CURRENT_BINARY_DIR}/cli-sensitivity)
set_tests_properties("cli: sensitivity" PROPERTIES LABELS cli)
