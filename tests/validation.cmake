# Validation (docs/validation.md): three events compared on levels. The check mode
# fails when the recorded tables drift from what the run gives (a guard against
# drift, not a pass/fail on the misses the page reports).
add_test(NAME "validation: three events on levels (docs/validation.md up to date)"
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/validation/validate_events.py
    --cisim $<TARGET_FILE:cisim> --root ${PROJECT_SOURCE_DIR}
    --out ${CMAKE_CURRENT_BINARY_DIR}/validation-events --check)
set_tests_properties("validation: three events on levels (docs/validation.md up to date)" PROPERTIES LABELS validation)
# One parameter set: every backup-power dependency of the shipped models is the
# calibration table's (tests/validation/calibration.py, models/README.md).
add_test(NAME "validation: shipped models use the calibration table"
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/validation/calibration.py
    --root ${PROJECT_SOURCE_DIR} --check)
set_tests_properties("validation: shipped models use the calibration table" PROPERTIES LABELS validation)

# Ground motion (docs/validation.md, last section): the intensities the 2011
# sub-sources give at the JMA sites, recomputed, must be the table the document
# shows, with its hits and misses.
add_test(NAME "validation: 2011 JMA intensities at named sites"
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/validation/jma_sites_2011.py
    --cisim $<TARGET_FILE:cisim>
    --scenario ${PROJECT_SOURCE_DIR}/scenarios/tohoku-2011.json
    --out ${CMAKE_CURRENT_BINARY_DIR}/validation-jma-sites
    --check ${PROJECT_SOURCE_DIR}/docs/validation.md)
set_tests_properties("validation: 2011 JMA intensities at named sites" PROPERTIES LABELS validation)
