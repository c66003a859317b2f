# Hardening against hostile or broken input (issue "harden input"): every
# input a check or a limit stops ends in one stderr line and exit status 2.
set(expect_sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect.sh)

# --seed is an integer in [0, 2^53 - 1] for every command that takes one: a
# negative seed used to wrap to 2^64 - 5, 1e23 and 2^64 to saturate (two seeds, one run).
set(seed_scenario scenarios/kddi-2022-mobile-core.json)
set(seed_commands "run\;${seed_scenario}" "mc\;${seed_scenario}\;--samples\;1" "injects\;${seed_scenario}"
    "generate\;--nodes\;10\;--degree\;1" "sensitivity\;scenarios/kddi-2022-uncertain.json\;--samples\;4")
foreach(bad -5 1e23 18446744073709551616 9007199254740992 abc 1.5)
  foreach(cmd ${seed_commands})
    list(GET cmd 0 name)
    add_test(NAME "cli: ${name} --seed ${bad} is refused"
      COMMAND sh ${expect_sh} 2 stderr [=[--seed.*expected an integer in \[0, 9007199254740991\]]=]
        $<TARGET_FILE:cisim> ${cmd} --seed ${bad} --out ${CMAKE_CURRENT_BINARY_DIR}/cli-seed-never-written
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  endforeach()
endforeach()
# The largest seed is still taken.
add_test(NAME "cli: generate --seed 2^53-1 is taken"
  COMMAND sh ${expect_sh} 0 stdout "" $<TARGET_FILE:cisim> generate --nodes 10 --degree 1 --seed 9007199254740991
    --force --out ${CMAKE_CURRENT_BINARY_DIR}/cli-seed-max.json
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

# Memory, time and blocking: huge arrays under unknown keys, devices, FIFOs,
# millions of bad elements (tests/cli/hostile_input.sh).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME "cli: hostile input ends in one line, exit 2"
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/hostile_input.sh $<TARGET_FILE:cisim>
      ${CMAKE_CURRENT_BINARY_DIR}/cli-hostile ${Python3_EXECUTABLE})
  set_tests_properties("cli: hostile input ends in one line, exit 2" PROPERTIES LABELS cli TIMEOUT 300)
endif()

# Control characters in names never reach the terminal raw; event and measure
# ids refuse them (tests/cli/hostile_names.sh).
add_test(NAME "cli: names with escape sequences are printed escaped"
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/hostile_names.sh $<TARGET_FILE:cisim> ${PROJECT_SOURCE_DIR}
    ${CMAKE_CURRENT_BINARY_DIR}/cli-hostile-names /usr/bin/python3)
set_tests_properties("cli: names with escape sequences are printed escaped" PROPERTIES LABELS cli)

# CSV text cells that start like a formula get a leading ' ; plots/ strips it.
add_test(NAME plots.formula_cells
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/plots/test_formula_cells.py $<TARGET_FILE:cisim>)
set_tests_properties(plots.formula_cells PROPERTIES
  ENVIRONMENT "PYTHONDONTWRITEBYTECODE=1;PYTHONPATH=;PYTHONHOME=" TIMEOUT 300 LABELS plots)
