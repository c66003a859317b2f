# `cisim injects` from the command line (SPEC §7, §11): the MSEL of a
# hand-computed chain and of the shipped KDDI scenario, CSV and Markdown (by
# --format or the --out extension), --out, backups that run dry as the supply
# returns, the asset-row cap on the Tokyo scenario, and bad input. One ctest
# test per case of tests/cli_injects.py.
find_program(CISIM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
foreach(case chain kddi markdown out-file supply-returns format-by-extension node-cap errors)
  add_test(NAME "cli: injects ${case}"
    COMMAND ${CISIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/cli_injects.py ${case} $<TARGET_FILE:cisim>
      ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/cli-injects/${case})
endforeach()
