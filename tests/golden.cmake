# Every shipped scenario is a golden test (STYLE.md §11): run through the CLI and
# compared with its checked-in summary, so any change in predictions is seen.
find_program(CISIM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
file(GLOB shipped_scenarios CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.json)
foreach(scenario ${shipped_scenarios})
  get_filename_component(name ${scenario} NAME_WE)
  add_test(NAME "golden: ${name}"
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/run_scenario.sh $<TARGET_FILE:cisim> ${scenario}
      ${CMAKE_CURRENT_BINARY_DIR}/golden-out/${name} ${CISIM_PYTHON3}
      ${CMAKE_CURRENT_SOURCE_DIR}/golden/compare.py ${CMAKE_CURRENT_SOURCE_DIR}/golden/${name}.summary.json)
  set_tests_properties("golden: ${name}" PROPERTIES LABELS golden)
endforeach()
