# Events that reach nothing, and the hazard intermediates in the result files.
set(expect_sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect.sh)

# Every command that reads a scenario with its model rejects an event that
# reaches no unit of it (one check: model/Validate.cpp, check_scenario).
foreach(cmd run mc measures injects)
  add_test(NAME "cli: ${cmd} rejects an earthquake on a model without located assets"
    COMMAND sh ${expect_sh} 2 stderr
      [=[^tests/fixtures/bad/scenario-quake-no-assets\.json: /events/0: the model has no located assets; earthquakes act on assets with lat/lon$]=]
      $<TARGET_FILE:cisim> ${cmd} tests/fixtures/bad/scenario-quake-no-assets.json
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties("cli: ${cmd} rejects an earthquake on a model without located assets" PROPERTIES LABELS cli)
endforeach()

add_test(NAME "cli: hazard.csv, event reach and notes"
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/hazard_outputs.sh $<TARGET_FILE:cisim> ${PROJECT_SOURCE_DIR}
    ${CMAKE_CURRENT_BINARY_DIR}/cli-hazard /usr/bin/python3)
set_tests_properties("cli: hazard.csv, event reach and notes" PROPERTIES LABELS cli)
