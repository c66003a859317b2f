# `cisim iim` from the command line (SPEC §5.2, §9, §11). Included by
# tests/CMakeLists.txt it registers the tests; run with -P it is the checker:
#   -DCISIM=exe -DARGS="a|b|c" -DEXPECT_RC=n [-DSTDOUT_REGEX=re] [-DSTDERR_REGEX=re] [-DONE_LINE_STDERR=ON]
if(CMAKE_SCRIPT_MODE_FILE)
  string(REPLACE "|" ";" args "${ARGS}")
  execute_process(COMMAND ${CISIM} ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL EXPECT_RC)
    message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT_RC}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
    message(FATAL_ERROR "stdout does not match '${STDOUT_REGEX}':\n${out}")
  endif()
  if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
    message(FATAL_ERROR "stderr does not match '${STDERR_REGEX}':\n${err}")
  endif()
  if(ONE_LINE_STDERR)
    string(REGEX MATCHALL "\n" newlines "${err}")
    list(LENGTH newlines lines)
    if(NOT lines EQUAL 1 OR NOT out STREQUAL "")
      message(FATAL_ERROR "expected one line on stderr and nothing on stdout, got ${lines} line(s):\n${err}\nstdout:\n${out}")
    endif()
  endif()
  return()
endif()

set(iim_fixtures ${CMAKE_CURRENT_SOURCE_DIR}/fixtures)
function(cisim_iim_test name expect_rc args)
  add_test(NAME "cli: iim ${name}"
    COMMAND ${CMAKE_COMMAND} -DCISIM=$<TARGET_FILE:cisim> "-DARGS=${args}" -DEXPECT_RC=${expect_rc} ${ARGN}
      -P ${CMAKE_CURRENT_LIST_FILE})
  set_tests_properties("cli: iim ${name}" PROPERTIES LABELS cli)
endfunction()

# ρ(A*) = 1: no Leontief inverse → one line naming the file, exit 2.
cisim_iim_test("singular model" 2 "iim|${iim_fixtures}/iim-singular.json|--shock|a=0.5"
  "-DSTDERR_REGEX=iim-singular\\.json: spectral radius of A\\* is 1 ≥ 1" -DONE_LINE_STDERR=ON)
cisim_iim_test("value outside [0,1]" 2 "iim|${iim_fixtures}/iim-three.json|--shock|a=1.7"
  "-DSTDERR_REGEX=--shock a=1\\.7: VALUE must be a number in \\[0, 1\\]" -DONE_LINE_STDERR=ON)
cisim_iim_test("not a number" 2 "iim|${iim_fixtures}/iim-three.json|--shock|a=half"
  "-DSTDERR_REGEX=--shock a=half" -DONE_LINE_STDERR=ON)
cisim_iim_test("missing value" 2 "iim|${iim_fixtures}/iim-three.json|--shock|a"
  "-DSTDERR_REGEX=--shock a: expected ID=VALUE" -DONE_LINE_STDERR=ON)
cisim_iim_test("unknown id" 2 "iim|${iim_fixtures}/iim-three.json|--shock|zz=0.5"
  "-DSTDERR_REGEX=--shock zz=0\\.5: no sector or node 'zz'" -DONE_LINE_STDERR=ON)
cisim_iim_test("no shock" 2 "iim|${iim_fixtures}/iim-three.json" -DONE_LINE_STDERR=ON)
cisim_iim_test("missing model" 2 "iim|${iim_fixtures}/iim-no-such-file.json|--shock|a=0.5" -DONE_LINE_STDERR=ON)
# q = (5/9, 5/18, 25/81), loss = 100·5/9 + 50·5/18 = 625/9, ρ = √0.1.
cisim_iim_test("json" 0 "iim|${iim_fixtures}/iim-three.json|--shock|a=0.5|--json"
  "-DSTDOUT_REGEX=^{[^{]*\"q\": {[^}]*\"a\": 0\\.5555555555555[0-9]*,[^}]*\"b\": 0\\.2777777777777[0-9]*,[^}]*\"c\": 0\\.3086419753086[0-9]*[^}]*},[^\"]*\"loss\": 69\\.444444444444[0-9]*,[^\"]*\"spectral_radius\": 0\\.3162277660168[0-9]*,")
cisim_iim_test("table" 0 "iim|${iim_fixtures}/iim-three.json|--shock|a=0.5"
  "-DSTDOUT_REGEX=a +0\\.5000 +0\\.5556 +55\\.56 +Sector A.*c +0\\.0000 +0\\.3086 +- +Sector C.*Q = Σ x·q = 69\\.44")
# m's row of A* sums to 0.6 + 0.6 = 1.2: a and b at 0.9 give min(1, 1.08) = 1.
# The SPEC keys stay first; the notes name the row and the saturated sector.
cisim_iim_test("json notes" 0 "iim|${iim_fixtures}/iim-additive.json|--shock|a=0.9|--shock|b=0.9|--json"
  "-DSTDOUT_REGEX=^{[^{]*\"q\": {[^}]*\"m\": 1\\.0[^}]*},[^\"]*\"loss\": null,[^\"]*\"spectral_radius\": 0\\.0,.*\"row_sums\": {[^}]*\"m\": 1\\.2[^}]*},[^\"]*\"row_sums_at_least_one\": \\[[^]\"]*\"m\"[^]\"]*\\],[^\"]*\"saturated_sectors\": \\[[^]\"]*\"m\"[^]\"]*\\],[^\"]*\"notes\": \\[.*row sum of A\\* >= 1 in: m \\(1\\.20\\)")
cisim_iim_test("table notes" 0 "iim|${iim_fixtures}/iim-additive.json|--shock|a=0.9|--shock|b=0.9"
  "-DSTDOUT_REGEX=m +0\\.0000 +1\\.0000 +- +Sector M.*Notes.*- A\\* reuses the dependency strengths additively.*- row sum of A\\* >= 1 in: m \\(1\\.20\\).*- saturated at inoperability 1 \\(the cap\\) in: m")
