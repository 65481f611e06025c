# The Debian packages, built by CPack (./scripts/package, the package preset):
#   jamd_<version>-1_<arch>.deb      the daemon, its units, config, man pages, sysctl.d and
#                                    logrotate files, docs and the example plugins (component jamd)
#   jamd-dev_<version>-1_<arch>.deb  the plugin SDK: header, CMake package, pkg-config file (dev)
# as Debian splits a library's headers from its runtime. CPack writes no conffiles and no
# maintainer scripts of its own: they are packaging/debian's, passed through CONTROL_EXTRA.

# What Debian wants in /usr/share/doc/<package> of each: the machine-readable copyright and
# the Debian changelog, gzipped (-n: the same bytes from the same source).
file(STRINGS packaging/debian/changelog JAMD_CHANGELOG_HEAD LIMIT_COUNT 1)
if(NOT JAMD_CHANGELOG_HEAD MATCHES "^jamd \\(${PROJECT_VERSION}-1\\) ")
  message(FATAL_ERROR "packaging/debian/changelog begins '${JAMD_CHANGELOG_HEAD}': its first "
                      "entry must be jamd (${PROJECT_VERSION}-1), the version being packaged")
endif()
set(JAMD_CHANGELOG ${CMAKE_BINARY_DIR}/debian/changelog.Debian.gz)
add_custom_command(
  OUTPUT ${JAMD_CHANGELOG}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/debian
  COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/packaging/debian/changelog > ${JAMD_CHANGELOG}
  DEPENDS packaging/debian/changelog
  COMMENT "Writing debian/changelog.Debian.gz")
add_custom_target(jamd_debian_changelog ALL DEPENDS ${JAMD_CHANGELOG})
foreach(component jamd dev)
  set(package jamd)
  if(component STREQUAL "dev")
    set(package jamd-dev)
  endif()
  install(FILES packaging/debian/copyright ${JAMD_CHANGELOG}
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package} COMPONENT ${component})
endforeach()
# lintian's overrides, each explained in its file.
install(FILES packaging/debian/jamd.lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides RENAME jamd COMPONENT jamd)
install(FILES packaging/debian/jamd-dev.lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides RENAME jamd-dev COMPONENT dev)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jamd)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "jamd maintainers <maintainers@jamd.example.org>")
set(CPACK_PACKAGE_VENDOR "jamd maintainers")
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL jamd dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

set(CPACK_DEBIAN_JAMD_PACKAGE_NAME jamd)
set(CPACK_DEBIAN_JAMD_PACKAGE_SECTION net)
set(CPACK_DEBIAN_JAMD_PACKAGE_SHLIBDEPS ON)
set(CPACK_COMPONENT_JAMD_DESCRIPTION
    "multithreaded TCP time server\n\
jamd answers the line TIME with JAM hh:mm:ss, the server's local time, on\n\
TCP port 45000, to many clients at once on a pool of I/O threads. Its\n\
commands are configured in a JSON file and can come from plugins; an\n\
admin port serves Prometheus metrics and a health check. The package runs\n\
it as a hardened systemd service that says when it is ready and restarts\n\
it when its event loop stops answering the watchdog.")
set(CPACK_DEBIAN_JAMD_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)

set(CPACK_DEBIAN_DEV_PACKAGE_NAME jamd-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "")
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "jamd (= ${PROJECT_VERSION}-1)")
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "plugin SDK of jamd, the multithreaded TCP time server\n\
jamd/plugin.h, the C interface of jamd's plugins, and jamd/plugin.hpp, its\n\
C++ layer, with a CMake package (find_package(jamd) gives jamd::plugin)\n\
and a pkg-config file (jamd-plugin) naming the folder jamd loads plugins\n\
from.")

include(CPack)
