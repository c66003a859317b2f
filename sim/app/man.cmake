# Writes the cisim(1) man page with help2man at build time (issue 22):
#   cmake -DCISIM=path/to/cisim -DHELP2MAN=path/to/help2man -DOUT=cisim.1 -P man.cmake
# help2man reads `cisim --help` and `cisim --version`; a COMMANDS section
# adds each subcommand's `cisim help CMD`, so the page says what --help says.
cmake_minimum_required(VERSION 3.25)  # policies NEW in script mode: "help" below is a string, not the variable
execute_process(COMMAND ${CISIM} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${CISIM} --help failed")
endif()
# Subcommand names: the first word of each line under "Subcommands:".
string(REGEX MATCH "\nSubcommands:\n(.*)" list "${help}")
string(REGEX MATCHALL "\n  [a-z][a-z0-9-]*" names "\n${CMAKE_MATCH_1}")
set(include "[COMMANDS]\nEach command also has \\fB-h\\fR, \\fB-q\\fR and \\fB-v\\fR.\n")
foreach(entry ${names})
  string(STRIP "${entry}" name)
  if(name STREQUAL "help")
    continue()
  endif()
  execute_process(COMMAND ${CISIM} help ${name} OUTPUT_VARIABLE text RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${CISIM} help ${name} failed")
  endif()
  # roff: backslashes escaped, no line starting with a request character.
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  string(APPEND include ".SS \"cisim ${name}\"\n.nf\n${text}.fi\n")
endforeach()
string(APPEND include "[SEE ALSO]\nThe README.md and docs/ of the cisim sources; docs/formats.md describes every output file.\n")
get_filename_component(dir "${OUT}" DIRECTORY)
file(WRITE "${dir}/cisim-commands.h2m" "${include}")
execute_process(
  COMMAND ${HELP2MAN} --no-info --no-discard-stderr
          --name "critical-infrastructure interdependency simulator"
          --include "${dir}/cisim-commands.h2m" --output "${OUT}" ${CISIM}
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "help2man failed on ${CISIM}")
endif()
