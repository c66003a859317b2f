# `cisim validate` from the command line (SPEC §9, §11): every bad input gives
# exit status 2 and one stderr line "FILE: /json/pointer: what was expected".
# Paths are relative to the source tree so the messages can be matched exactly.
set(expect_sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect.sh)

# cisim_validate_test(NAME STATUS STREAM REGEX FILE...)
function(cisim_validate_test name status stream regex)
  add_test(NAME "cli: validate ${name}"
    COMMAND sh ${expect_sh} ${status} ${stream} "${regex}" $<TARGET_FILE:cisim> validate ${ARGN}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()

function(cisim_validate_bad name regex)
  cisim_validate_test("bad ${name}" 2 stderr "^tests/fixtures/bad/${name}\\.json: ${regex}$" tests/fixtures/bad/${name}.json)
endfunction()

# Models
cisim_validate_bad(unknown-key [=[/sectors/0: unknown key "wieght" \(did you mean "weight"\?\)]=])
cisim_validate_bad(duplicate-key [=[/sectors/0: duplicate key "weight"]=])
cisim_validate_bad(duplicate-id [=[/nodes/1/id: duplicate id "power" \(also /sectors/0/id\)]=])
cisim_validate_bad(unknown-reference [=[/dependencies/1/to: unknown sector or node "telecon"]=])
cisim_validate_bad(strength-range [=[/dependencies/0/strength: 1\.7 is outside \[0, 1\]]=])
cisim_validate_bad(negative-time [=[/dependencies/0/buffer_h: -3 is negative; expected a value >= 0]=])
cisim_validate_bad(wrong-type [=[/dependencies/0/strength: expected a number or an object, got "high"]=])
cisim_validate_bad(nan [=[line 4 column [0-9]+: parse error: NaN and Infinity are not JSON numbers.*]=])
cisim_validate_bad(infinity [=[line 4 column [0-9]+: parse error: NaN and Infinity are not JSON numbers.*]=])
cisim_validate_bad(overflow [=[/dependencies/0/buffer_h: number 1e400 is out of range \(overflows to infinity\)]=])
cisim_validate_bad(empty-model [=[/sectors: must not be empty]=])
cisim_validate_bad(empty-file [=[line 1 column 1: parse error: .*unexpected end of input.*]=])
cisim_validate_bad(syntax-error [=[line 3 column [0-9]+: parse error: syntax error.*]=])
cisim_validate_bad(not-an-object [=[expected a JSON object.*]=])
cisim_validate_bad(wrong-schema [=[/schema: unknown schema "cisim-model/2"; expected "cisim-model/1" or "cisim-scenario/1"]=])
cisim_validate_bad(missing-schema [=[/schema: missing; expected "cisim-model/1" or "cisim-scenario/1"]=])
cisim_validate_bad(node-self-loop [=[/dependencies/1: node "pump-1" depends on itself; only a sector may depend on itself]=])
cisim_validate_bad(link-across-sectors [=[/links/0/b: "core-1" is in sector "telecom" but "sub-1" is in "power"; links join nodes of one network sector]=])
cisim_validate_bad(no-source-node [=[/sectors/0/network: network sector "power" needs at least one node with "source": true]=])

# Scenarios (against tests/fixtures/chain3.json)
cisim_validate_bad(scenario-unknown-target [=[/events/0/target: unknown sector or node "z" in the model]=])
cisim_validate_bad(scenario-missing-duration [=[/events/0: missing key "duration_h", required for kind "it_outage"]=])
cisim_validate_bad(scenario-two-selectors [=[/events/0: kind "it_outage" needs exactly one of "target", "class", "nodes", "region"; got "target" and "class"]=])
cisim_validate_bad(scenario-key-of-other-kind [=[/events/0: key "mw" does not apply to kind "it_outage"]=])
cisim_validate_bad(scenario-unknown-kind [=[/events/0/kind: "it_outgae" is not one of .* \(did you mean "it_outage"\?\)]=])
cisim_validate_bad(scenario-too-many-steps [=[/step_h: 1000 h in steps of 0\.0001 h is 10000000 steps; at most 1000000 are allowed]=])
cisim_validate_bad(scenario-end-before-start [=[/events/1/end_h: end_h 10 is before start_h 72]=])
cisim_validate_bad(scenario-measure-matches-nothing [=[/measures/0/set/edges: "a->c" matches no dependency of the model]=])
cisim_validate_bad(scenario-duplicate-measure [=[/measures/1/id: duplicate measure id "b-backup" \(also /measures/0/id\)]=])
cisim_validate_bad(scenario-measures-without-cost-unit [=["measures" requires "cost_unit"]=])
cisim_validate_bad(scenario-default-supplier [=[/events/0/supplier: unknown sector "power" \(the default supplier\)]=])
# Events that would reach no unit of their model (issue: "every number says what it is and is right").
cisim_validate_bad(scenario-quake-no-assets [=[/events/0: the model has no located assets; earthquakes act on assets with lat/lon]=])
cisim_validate_bad(scenario-tsunami-no-assets [=[/events/0: the model has no located assets; tsunamis act on assets with "coastal": true]=])
cisim_validate_bad(scenario-region-sector-model [=[/events/0/region: "tokyo-\*" matches no node: the model has no nodes \(its sectors are reached by region "\*" only\)]=])
cisim_validate_bad(scenario-region-no-node [=[/events/1/region: "kyoto-\*" matches no node \(regions: chiba-\*, kanagawa-\*, kanto-outer-ring, osaka-osaka, saitama-\*, tokyo-\*\)]=])
# A scenario's model problems name the model file.
cisim_validate_test("bad scenario-missing-model" 2 stderr
  [=[^tests/fixtures/bad/no-such-model\.json: cannot read file: No such file or directory$]=]
  tests/fixtures/bad/scenario-missing-model.json)
cisim_validate_test("bad scenario-bad-model" 2 stderr
  [=[^tests/fixtures/bad/strength-range\.json: /dependencies/0/strength: 1\.7 is outside \[0, 1\]$]=]
  tests/fixtures/bad/scenario-bad-model.json)

# Files that are not there
cisim_validate_test("missing file" 2 stderr
  [=[^tests/fixtures/bad/does-not-exist\.json: cannot read file: No such file or directory$]=]
  tests/fixtures/bad/does-not-exist.json)
cisim_validate_test("nonexistent directory" 2 stderr
  [=[^no/such/directory/model\.json: cannot read file: No such file or directory$]=] no/such/directory/model.json)
cisim_validate_test("directory instead of a file" 2 stderr
  [=[^tests/fixtures: cannot read file: it is a directory$]=] tests/fixtures)

# Good files: one "FILE: ok" line each; the first bad file stops with status 2.
cisim_validate_test("good model and scenario" 0 stdout
  [=[^tests/fixtures/chain3\.json: ok$]=] tests/fixtures/chain3.json tests/fixtures/scenario-chain3.json)
cisim_validate_test("good scenario" 0 stdout
  [=[^tests/fixtures/scenario-chain3\.json: ok$]=] tests/fixtures/scenario-chain3.json)
# Every file is checked and every error of each listed (issue 22): a parse
# error stops its file; the semantic rules go on to the end (at most 20 lines
# per file, then a count). stderr must equal tests/cli/expected/NAME.txt.
set(expect_stderr_sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect_stderr.sh)
function(cisim_validate_all name)
  add_test(NAME "cli: validate ${name}"
    COMMAND sh ${expect_stderr_sh} 2 ${CMAKE_CURRENT_SOURCE_DIR}/cli/expected/validate-${name}.txt
            $<TARGET_FILE:cisim> validate ${ARGN}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()
cisim_validate_all(two-bad-files tests/fixtures/chain3.json tests/fixtures/bad/nan.json
  tests/fixtures/bad/node-self-loop.json tests/fixtures/scenario-chain3.json)
cisim_validate_all(several-errors tests/fixtures/bad/several-errors.json)
cisim_validate_all(scenario-several-errors tests/fixtures/bad/scenario-several-errors.json)
cisim_validate_all(many-errors tests/fixtures/bad/many-errors.json)
cisim_validate_test("goes on after a bad file" 2 stdout
  [=[^tests/fixtures/scenario-chain3\.json: ok$]=] tests/fixtures/chain3.json tests/fixtures/bad/nan.json tests/fixtures/scenario-chain3.json)

