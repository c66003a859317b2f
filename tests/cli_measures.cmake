# `cisim measures` from the command line (SPEC §6, §11): ranking and portfolio
# on a hand-computed fixture and on the shipped hospital scenario (where greedy
# per cost loses to the exact search), measures.json, and bad input. One ctest test per case of tests/cli_measures.py.
find_program(CISIM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
foreach(case star-ranking star-budget hospital osaka-budget out-dir out-checked-first errors uncertain)
  add_test(NAME "cli: measures ${case}"
    COMMAND ${CISIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/cli_measures.py ${case} $<TARGET_FILE:cisim>
      ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/cli-measures/${case})
endforeach()
