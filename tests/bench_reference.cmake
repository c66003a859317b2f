# bench/python/cisim_py.py, the plain reference bench/compare.sh checks cisim
# against (SPEC §10), agrees with `cisim run` on the Japan sector model:
# populations split into classes, by_year vintages. A few seconds each.
find_program(CISIM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
foreach(case japan-week vintage-blackout)
  add_test(NAME "bench: python reference ${case}"
    COMMAND ${CISIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/bench_reference.py ${case} $<TARGET_FILE:cisim>
      ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/bench-reference/${case})
  set_tests_properties("bench: python reference ${case}" PROPERTIES LABELS cli)
endforeach()
