# Install and packages.
#
# Packages: `cmake --build build --target package` writes, in build/,
#   siphop-<version>-wireshark<M.m>-<arch>.deb     Wireshark's own plugin folder
#       (Wireshark_PLUGIN_INSTALL_DIR/epan, e.g. /usr/lib/x86_64-linux-gnu/
#       wireshark/plugins/4.0/epan), siphop-import in /usr/bin, the siphop
#       profile as a global profile in /usr/share/wireshark/profiles
#   siphop-<version>-wireshark<M.m>-<arch>.tar.gz  the personal layout, no
#       top directory: `tar -xzf ... -C ~/.local` is a personal install
# The plugin loads only into the Wireshark major.minor it was built against,
# hence the version in the names and the .deb's Depends.
set(SH_WS_MM "${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}")
math(EXPR SH_WS_NEXT_MINOR "${Wireshark_MINOR_VERSION} + 1")

execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE SH_ARCH
                OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT SH_ARCH)
  set(SH_ARCH ${CMAKE_SYSTEM_PROCESSOR})
endif()

# Extras of the system package (not in the tarball, not in the default install).
if(EXISTS ${PROJECT_SOURCE_DIR}/profile/siphop)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/profile/siphop DESTINATION share/wireshark/profiles
          COMPONENT system EXCLUDE_FROM_ALL)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/COPYING DESTINATION share/doc/siphop
        COMPONENT system EXCLUDE_FROM_ALL)

set(CPACK_PACKAGE_NAME siphop)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR siphop)
set(CPACK_PACKAGE_CONTACT "siphop maintainers <siphop@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Wireshark ${SH_WS_MM} plugin: follows SIP INVITEs across CUCM, Expressway and Webex hops")
set(CPACK_PACKAGE_DESCRIPTION
    "siphop is a post-dissector that ties the legs of a SIP call across hops, tells early from delayed offer, and points at the hop where a failure started.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/COPYING)
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_SOURCE_GENERATOR "")
set(CPACK_PACKAGE_FILE_NAME "siphop-${PROJECT_VERSION}-wireshark${SH_WS_MM}-${SH_ARCH}")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME "${CPACK_PACKAGE_FILE_NAME}.deb")
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${SH_ARCH})
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "")
# Library dependencies (libwiresharkNN, libglib2.0-0, zlib1g) from
# dpkg-shlibdeps, which CPack runs only with file(1) present.
find_program(SH_FILE_PROGRAM file)
find_program(SH_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(SH_FILE_PROGRAM AND SH_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  message(STATUS "package: no file(1) or dpkg-shlibdeps: the .deb will not list its libraries "
                 "(apt-get install file dpkg-dev)")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "wireshark-common (>= ${SH_WS_MM}), wireshark-common (<< ${Wireshark_MAJOR_VERSION}.${SH_WS_NEXT_MINOR}~)")
set(CPACK_DEBIAN_PACKAGE_ENHANCES "wireshark, tshark")

# Each generator packages its own components (cmake/CPackProjectConfig.cmake.in).
set(SH_WS_PREFIX "${Wireshark_INSTALL_PREFIX}")
if(NOT SH_WS_PREFIX)
  set(SH_WS_PREFIX /usr)
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/CPackProjectConfig.cmake.in
               ${PROJECT_BINARY_DIR}/CPackProjectConfig.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_BINARY_DIR}/CPackProjectConfig.cmake)

include(CPack)

# `cmake --build build --target install-personal`: tools/install.sh for this
# build (plugin, log reader, siphop-import, profile into your personal folders).
add_custom_target(install-personal
  COMMAND ${PROJECT_SOURCE_DIR}/tools/install.sh -B ${PROJECT_BINARY_DIR} --no-build
  DEPENDS siphop $<$<TARGET_EXISTS:siphop-import>:siphop-import>
          $<$<TARGET_EXISTS:siphop_logreader>:siphop_logreader>
  USES_TERMINAL VERBATIM)
