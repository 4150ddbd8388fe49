# emscripten.cmake - the WebAssembly build (issue #13): the top CMakeLists.txt
# includes this instead of looking up GLib when configured with emcmake
# (web/build-core.sh does). The core is built from its very sources against
# the GLib stand-in of wasm/glib-shim (GLib does not build for wasm offline:
# wasm/glib-shim/glib.h says why); no plugin, log reader or profile.

set(SIPHOP_BUILD_PLUGIN OFF CACHE BOOL "Build the Wireshark plugin (needs wireshark-dev)" FORCE)

add_library(siphop_glib STATIC ${PROJECT_SOURCE_DIR}/wasm/glib-shim/glib_shim.c)
target_include_directories(siphop_glib PUBLIC ${PROJECT_SOURCE_DIR}/wasm/glib-shim)
add_library(PkgConfig::GLIB ALIAS siphop_glib)

# emcc's JS optimiser needs Debian's node modules (acorn), which a node from
# elsewhere (NodeSource) does not look for: every link gets NODE_PATH, so
# that a plain `cmake --build` works in any shell.
if(EXISTS /usr/share/nodejs/acorn)
  set_property(GLOBAL PROPERTY RULE_LAUNCH_LINK "${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs")
endif()

# ctest runs the test programs under node. The loader of emscripten 3.1.6
# would fetch() its .wasm by file name under node 18 and later (fetch is
# global there) and fail: --no-experimental-fetch makes it read the file.
find_program(SIPHOP_NODE NAMES node nodejs)
if(SIPHOP_NODE)
  execute_process(COMMAND ${SIPHOP_NODE} --version OUTPUT_VARIABLE node_version OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX REPLACE "^v" "" node_version "${node_version}")
  if(node_version VERSION_GREATER_EQUAL 18)
    set(CMAKE_CROSSCOMPILING_EMULATOR "${SIPHOP_NODE};--no-experimental-fetch")
  else()
    set(CMAKE_CROSSCOMPILING_EMULATOR "${SIPHOP_NODE}")
  endif()
endif()
