# cisim sensitivity end to end on a hand-made model with a known answer.
add_test(NAME "cli: sensitivity"
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/sensitivity.sh $<TARGET_FILE:cisim> ${PROJECT_SOURCE_DIR}
    ${CMAKE_CURRENT_BINARY_DIR}/cli-sensitivity)
set_tests_properties("cli: sensitivity" PROPERTIES LABELS cli)

# The same under mpirun, when cisim is built with MPI (about 5 s: seven launches).
if(MPI_CXX_FOUND AND MPIEXEC_EXECUTABLE)
  add_test(NAME "cli: sensitivity under mpirun"
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/sensitivity_mpi.sh $<TARGET_FILE:cisim> ${MPIEXEC_EXECUTABLE}
      ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/cli-sensitivity-mpi)
  set_tests_properties("cli: sensitivity under mpirun" PROPERTIES LABELS cli)
endif()
