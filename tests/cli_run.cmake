# cisim run / cisim mc through the command line (knock-ons, Monte Carlo determinism).
add_test(NAME "cli: run and mc"
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/run_and_mc.sh $<TARGET_FILE:cisim> ${PROJECT_SOURCE_DIR}
    ${CMAKE_CURRENT_BINARY_DIR}/cli-run)
set_tests_properties("cli: run and mc" PROPERTIES LABELS cli)

# The same Monte Carlo under mpirun, when cisim is built with MPI.
if(MPI_CXX_FOUND AND MPIEXEC_EXECUTABLE)
  add_test(NAME "cli: mc under mpirun"
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/mc_mpi.sh $<TARGET_FILE:cisim> ${MPIEXEC_EXECUTABLE} ${PROJECT_SOURCE_DIR}
      ${CMAKE_CURRENT_BINARY_DIR}/cli-mpi)
  set_tests_properties("cli: mc under mpirun" PROPERTIES LABELS cli)
endif()

# Result directories: staging left by killed runs, concurrent --force writers.
add_test(NAME "cli: result directories"
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/result_dirs.sh $<TARGET_FILE:cisim> ${PROJECT_SOURCE_DIR}
    ${CMAKE_CURRENT_BINARY_DIR}/cli-result-dirs)
set_tests_properties("cli: result directories" PROPERTIES LABELS cli)

# The cache of checked models (io/ModelCache.hpp), threshold lowered to a shipped model.
add_test(NAME "cli: model cache"
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/model_cache.sh $<TARGET_FILE:cisim> ${PROJECT_SOURCE_DIR}
    ${CMAKE_CURRENT_BINARY_DIR}/cli-model-cache)
set_tests_properties("cli: model cache" PROPERTIES LABELS cli)

# `cisim run` with the model's dependencies freed after the network is built.
add_test(NAME "cli: run frees the dependencies the engine no longer reads"
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/freed_dependencies.sh $<TARGET_FILE:cisim> ${PROJECT_SOURCE_DIR}
    ${CMAKE_CURRENT_BINARY_DIR}/cli-freed-dependencies)
set_tests_properties("cli: run frees the dependencies the engine no longer reads" PROPERTIES LABELS cli)
