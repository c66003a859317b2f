# The plotting layer (plots/, a Python package): unit tests on hand-built
# result directories (tests/fixtures/results/), escaping, `cisim plot` end to
# end, and report.html in headless Chromium. Debian's interpreter is the one
# with matplotlib (the `python3` on PATH may not be).
set(CISIM_PLOTS_PYTHON /usr/bin/python3)
set(plots_test_dir ${CMAKE_CURRENT_SOURCE_DIR}/plots)
set(plots_test_env "PYTHONDONTWRITEBYTECODE=1" "PYTHONPATH=" "PYTHONHOME=")

add_test(NAME plots.figures COMMAND ${CISIM_PLOTS_PYTHON} ${plots_test_dir}/test_figures.py)
add_test(NAME plots.escaping COMMAND ${CISIM_PLOTS_PYTHON} ${plots_test_dir}/test_escaping.py)
add_test(NAME plots.households COMMAND ${CISIM_PLOTS_PYTHON} ${plots_test_dir}/test_households.py)
add_test(NAME plots.staging COMMAND ${CISIM_PLOTS_PYTHON} ${plots_test_dir}/test_staging.py)
add_test(NAME plots.sensitivity COMMAND ${CISIM_PLOTS_PYTHON} ${plots_test_dir}/test_sensitivity.py)
add_test(NAME plots.director COMMAND ${CISIM_PLOTS_PYTHON} ${plots_test_dir}/test_director.py)
add_test(NAME plots.cli COMMAND ${CISIM_PLOTS_PYTHON} ${plots_test_dir}/cli_test.py $<TARGET_FILE:cisim>)
add_test(NAME plots.browser COMMAND ${CISIM_PLOTS_PYTHON} ${plots_test_dir}/browser_test.py)
add_test(NAME plots.report_browser COMMAND ${CISIM_PLOTS_PYTHON} ${plots_test_dir}/report_browser_test.py $<TARGET_FILE:cisim>)
set_tests_properties(plots.figures plots.escaping plots.households plots.staging plots.sensitivity plots.cli plots.browser
  plots.director plots.report_browser PROPERTIES
  ENVIRONMENT "${plots_test_env}" TIMEOUT 600 LABELS plots)
# Skipped only when Chromium (or, for report_browser, chromedriver) is absent (`make deps` installs them).
set_tests_properties(plots.browser plots.report_browser PROPERTIES SKIP_RETURN_CODE 77)
# The longest ones start first (ctest orders by COST before it has timings).
set_tests_properties(plots.cli plots.report_browser plots.browser PROPERTIES COST 100)
