# The Python package (sim/python): pytest suites on the built tree
# (PYTHONPATH=build/…/python) and docs/example.ipynb executed offline.
# Debian's interpreter has pandas, pytest and nbconvert (the `python3` on PATH may not).
# Not in builds without the package (sanitizer presets, no pybind11).
if(TARGET cisim_python)
  find_program(CISIM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
  set(python_test_env "PYTHONPATH=${CISIM_PYTHON_DIR}" "PYTHONDONTWRITEBYTECODE=1" "PYTHONHOME="
    "CISIM_EXE=$<TARGET_FILE:cisim>" "CISIM_BUILD_DIR=${CMAKE_BINARY_DIR}"
    "CISIM_PYTHON_INSTALL_DIR=${CISIM_PYTHON_INSTALL_DIR}" "CISIM_CMAKE=${CMAKE_COMMAND}")
  foreach(suite api cli_parity gil install)
    add_test(NAME python.${suite}
      COMMAND ${CISIM_PYTHON3} -m pytest -q -p no:cacheprovider ${CMAKE_CURRENT_SOURCE_DIR}/python/test_${suite}.py
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  endforeach()
  # The notebook runs from a copy in the build tree (its outputs go there, never into docs/).
  add_test(NAME python.notebook
    COMMAND ${CISIM_PYTHON3} -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=120
      --output-dir ${CMAKE_CURRENT_BINARY_DIR}/notebook --output example.executed.ipynb
      ${PROJECT_SOURCE_DIR}/docs/example.ipynb
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/docs)
  set_tests_properties(python.api python.cli_parity python.gil python.install python.notebook PROPERTIES
    ENVIRONMENT "${python_test_env}" TIMEOUT 300 LABELS python)
endif()
