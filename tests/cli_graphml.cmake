# GraphML with the tools people use (issue 22): a NetworkX read+write round
# trip, NetworkX analysis columns, a yEd file, and hostile XML, through
# `cisim convert` / `cisim validate`: one ctest test per case of tests/cli_graphml.py.
find_program(CISIM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
foreach(case networkx-round-trip networkx-extra-columns yed-file hostile-xml uncertain-values)
  add_test(NAME "cli: graphml ${case}"
    COMMAND ${CISIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/cli_graphml.py ${case} $<TARGET_FILE:cisim>
      ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/cli-graphml/${case})
  set_tests_properties("cli: graphml ${case}" PROPERTIES LABELS cli)
endforeach()
