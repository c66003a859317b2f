# CLI conventions (issue 22): help CMD, examples in --help, --json, -q/-v, stdin.
find_program(CISIM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
add_test(NAME "cli: conventions"
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/conventions.sh $<TARGET_FILE:cisim> ${PROJECT_SOURCE_DIR}
    ${CMAKE_CURRENT_BINARY_DIR}/cli-conventions ${CISIM_PYTHON3})
set_tests_properties("cli: conventions" PROPERTIES LABELS cli)

# cmake --install: the man page (help2man) and bash completion land in the prefix.
if(HELP2MAN)
  add_test(NAME "cli: install man page and completion"
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/install.sh ${PROJECT_BINARY_DIR} ${CMAKE_CURRENT_BINARY_DIR}/cli-install)
  set_tests_properties("cli: install man page and completion" PROPERTIES LABELS cli)
endif()
