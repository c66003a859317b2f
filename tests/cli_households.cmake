# Households and people without service through the command line (SPEC §3, §8):
# one ctest test per case of tests/cli_households.py, each in its own work dir.
find_program(CISIM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
foreach(case run mc none bad-input graphml)
  add_test(NAME "cli: households ${case}"
    COMMAND ${CISIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/cli_households.py ${case} $<TARGET_FILE:cisim>
      ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/cli-households/${case})
  set_tests_properties("cli: households ${case}" PROPERTIES LABELS cli)
endforeach()
