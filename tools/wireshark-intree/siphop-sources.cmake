# siphop-sources.cmake - the siphop checkout's source lists, for the files
# tools/wireshark-intree.sh generates into Wireshark's tree (the plugin's
# CMakeLists.txt and epan/dissectors/CMakeListsCustom.txt).
#
# The lists are read from the project's own plugin/CMakeLists.txt and
# core/CMakeLists.txt, so a file added there is built in Wireshark's tree
# too, without a second list to keep in step.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# siphop_sources(OUT DIR CMAKELISTS NAME KIND SUBDIR): the .c files (absolute
# paths) of add_library(NAME KIND ...) in DIR/CMAKELISTS.
function(siphop_sources _out _dir _cmakelists _name _kind _subdir)
	file(READ "${_dir}/${_cmakelists}" _text)
	string(REGEX REPLACE "#[^\n]*" "" _text "${_text}")
	if(NOT _text MATCHES "add_library\\(${_name}[ \t\n]+${_kind}([^)]*)\\)")
		message(FATAL_ERROR "siphop: no add_library(${_name} ${_kind} ...) in ${_dir}/${_cmakelists}; update tools/wireshark-intree/siphop-sources.cmake")
	endif()
	string(REGEX REPLACE "[ \t\n]+" ";" _files "${CMAKE_MATCH_1}")
	set(_result)
	foreach(_f IN LISTS _files)
		if(_f MATCHES "\\.c$")
			list(APPEND _result "${_dir}/${_subdir}/${_f}")
		endif()
	endforeach()
	set(${_out} ${_result} PARENT_SCOPE)
	# Re-run cmake when the project's list changes.
	set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_dir}/${_cmakelists}")
endfunction()

# siphop_all_sources(OUT DIR): the plugin's sources but its hand-written
# plugin.c (Wireshark generates its own registration code), and the core's:
# inside Wireshark the core is compiled with the plugin, not as a library.
function(siphop_all_sources _out _dir)
	siphop_sources(_plugin "${_dir}" plugin/CMakeLists.txt siphop MODULE plugin)
	siphop_sources(_core "${_dir}" core/CMakeLists.txt siphop_core STATIC core)
	list(FILTER _plugin EXCLUDE REGEX "/plugin\\.c$")
	set(${_out} ${_plugin} ${_core} PARENT_SCOPE)
endfunction()
