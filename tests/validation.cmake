# 2011 validation (docs/validation.md): the Tohoku scenario's simulated power,
# base-station and water outages against the observed restoration curves,
# with the tolerance and documented misses stated there, and the base-station
# peak lagging the power peak by at least the battery time.
add_test(NAME "validation: 2011 Tohoku restoration curves"
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/validation/check_2011.py
    --cisim $<TARGET_FILE:cisim>
    --scenario ${PROJECT_SOURCE_DIR}/scenarios/tohoku-2011.json
    --out ${CMAKE_CURRENT_BINARY_DIR}/validation-2011)
set_tests_properties("validation: 2011 Tohoku restoration curves" PROPERTIES LABELS validation)

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
