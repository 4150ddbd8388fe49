# siphop-import CLI tests: run the tool on test-captures/logs and check the
# result with the plain tshark (no plugin: the output must open anywhere).
# Included from tests/integration/CMakeLists.txt (SH_ENV: the plugin).
set(imp_here ${CMAKE_CURRENT_LIST_DIR})
set(imp_env "SIPHOP_IMPORT=$<TARGET_FILE:siphop-import>;SIPHOP_LOGS=${PROJECT_SOURCE_DIR}/test-captures/logs")
foreach(t seed call formats hostile usage bundle shapes)
  add_test(NAME import.${t} COMMAND bash ${imp_here}/test_import_${t}.sh)
  set_tests_properties(import.${t} PROPERTIES ENVIRONMENT "${imp_env}" SKIP_RETURN_CODE 77)
endforeach()
add_test(NAME import.fixtures COMMAND bash ${imp_here}/test_import_fixtures.sh)

# siphop-import --link ethernet: tshark (plain), tcpdump and sngrep read it;
# also the fragments and segments of the unit test's pcap.
add_test(NAME import.ethernet COMMAND bash ${imp_here}/test_import_ethernet.sh)
set_tests_properties(import.ethernet PROPERTIES
  ENVIRONMENT "${imp_env};SIPHOP_TEST_LOGFRAME=$<TARGET_FILE:test_logframe>")

# Wireshark 4.6+ opens the logs directly with the log reader plugin: the same
# as siphop-import's capture of each. Skips when the reader is not built.
set(imp_logreader "")
if(TARGET siphop_logreader)
  set(imp_logreader "$<TARGET_FILE:siphop_logreader>")
endif()
add_test(NAME import.logreader COMMAND bash ${imp_here}/test_logreader.sh)
set_tests_properties(import.logreader PROPERTIES
  ENVIRONMENT "${SH_ENV};${imp_env};SIPHOP_LOGREADER=${imp_logreader}" SKIP_RETURN_CODE 77)

# The round trip: the seed call's three logs converted, then tshark with siphop
# tells the same story as the packet capture (3 hops, DO toward Webex, origin hop 3).
add_test(NAME import.roundtrip COMMAND bash ${imp_here}/test_import_roundtrip.sh)
set_tests_properties(import.roundtrip PROPERTIES ENVIRONMENT "${SH_ENV};${imp_env}")
