# The deterministic run against its own Monte Carlo on every shipped scenario
# (tests/central_case/check_central_case.py; docs/central-case.md): sector
# curves within the P10-P90 band, inoperability-hours near the median, and the
# recorded misses where they were. About 15 s on 2 cores. Run alone with
#   ctest --preset release -L central-case
file(GLOB central_case_scenarios CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.json)
set(central_case_args)
foreach(scenario ${central_case_scenarios})
  list(APPEND central_case_args --scenario ${scenario})
endforeach()
add_test(NAME "central case: deterministic run within its Monte Carlo"
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/central_case/check_central_case.py
    --cisim $<TARGET_FILE:cisim> ${central_case_args} --samples 200 --threads 2
    --out ${CMAKE_CURRENT_BINARY_DIR}/central-case)
set_tests_properties("central case: deterministic run within its Monte Carlo" PROPERTIES
  LABELS central-case PROCESSORS 2 TIMEOUT 600
  COST 1000)  # the longest test: started first, the short ones fill the other core
