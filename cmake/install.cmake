# What `cmake --install` lays out for the daemon (the plugin SDK is cmake/sdk.cmake's), with
# a /usr prefix as the Debian package has it:
#   /usr/sbin/jamd
#   /etc/jamd/jamd.json                         config/jamd.json with admin.listen on
#   /lib/systemd/system/jamd.service, jamd.socket, jamd-admin.socket
#   /usr/lib/sysctl.d/jamd.conf                 reserves ports 45000 and 45001
#   /etc/logrotate.d/jamd                       for logging.file /var/log/jamd/jamd.log
#   /usr/share/man/man8/jamd.8.gz, man5/jamd.json.5.gz
#   /usr/share/doc/jamd/README.md, haproxy.cfg
# The units name /usr/sbin/jamd and /etc/jamd/jamd.json, the paths of that prefix.
# /etc is CMAKE_INSTALL_FULL_SYSCONFDIR: GNUInstallDirs makes it /etc for a /usr prefix, where
# the plain CMAKE_INSTALL_SYSCONFDIR, relative, would give /usr/etc.

install(TARGETS jamd RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR} COMPONENT jamd)

# The installed config, written at build time from config/jamd.json, so that it follows every
# change of the shipped file; the test suite checks that admin.listen is the one difference.
set(JAMD_INSTALLED_CONFIG ${CMAKE_BINARY_DIR}/etc/jamd/jamd.json)
add_custom_command(
  OUTPUT ${JAMD_INSTALLED_CONFIG}
  COMMAND ${CMAKE_COMMAND} -DSOURCE=${PROJECT_SOURCE_DIR}/config/jamd.json
          -DOUTPUT=${JAMD_INSTALLED_CONFIG} -P ${PROJECT_SOURCE_DIR}/cmake/installed_config.cmake
  DEPENDS config/jamd.json cmake/installed_config.cmake
  COMMENT "Writing etc/jamd/jamd.json, the installed config")
add_custom_target(jamd_installed_config ALL DEPENDS ${JAMD_INSTALLED_CONFIG})
install(FILES ${JAMD_INSTALLED_CONFIG} DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/jamd
        COMPONENT jamd)
install(FILES packaging/logrotate.d/jamd DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/logrotate.d
        COMPONENT jamd)

# systemd's folders, as its pkg-config file names them (the systemd package; Debian 12:
# /lib/systemd/system and /usr/lib/sysctl.d), or Debian's when it is missing.
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_get_variable(JAMD_PC_UNIT_DIR systemd systemdsystemunitdir)
  pkg_get_variable(JAMD_PC_SYSCTL_DIR systemd sysctldir)
endif()
if(NOT JAMD_PC_UNIT_DIR)
  set(JAMD_PC_UNIT_DIR /lib/systemd/system)
endif()
if(NOT JAMD_PC_SYSCTL_DIR)
  set(JAMD_PC_SYSCTL_DIR /usr/lib/sysctl.d)
endif()
set(JAMD_SYSTEMD_UNIT_DIR ${JAMD_PC_UNIT_DIR} CACHE PATH "Where the systemd units are installed")
set(JAMD_SYSCTL_DIR ${JAMD_PC_SYSCTL_DIR} CACHE PATH "Where the sysctl.d snippet is installed")
install(FILES packaging/systemd/jamd.service packaging/systemd/jamd.socket
              packaging/systemd/jamd-admin.socket
        DESTINATION ${JAMD_SYSTEMD_UNIT_DIR} COMPONENT jamd)
install(FILES packaging/sysctl.d/jamd.conf DESTINATION ${JAMD_SYSCTL_DIR} COMPONENT jamd)

install(FILES README.md packaging/haproxy.cfg DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT jamd)

# The man pages, from their scdoc sources. JAMD_MAN_PAGES: AUTO builds them when scdoc is
# found, ON (the package preset) fails the configure without it, OFF never builds them.
set(JAMD_MAN_PAGES AUTO CACHE STRING "Build the man pages with scdoc: AUTO, ON or OFF")
set_property(CACHE JAMD_MAN_PAGES PROPERTY STRINGS AUTO ON OFF)
if(NOT JAMD_MAN_PAGES STREQUAL "OFF")
  find_program(JAMD_SCDOC scdoc)
  if(NOT JAMD_SCDOC AND JAMD_MAN_PAGES STREQUAL "ON")
    message(FATAL_ERROR "JAMD_MAN_PAGES is ON but scdoc is missing (Debian: apt install scdoc)")
  endif()
endif()
if(JAMD_SCDOC AND NOT JAMD_MAN_PAGES STREQUAL "OFF")
  set(JAMD_MAN_PAGE_FILES)
  foreach(page jamd.8 jamd.json.5)
    string(REGEX MATCH "[0-9]$" section ${page})
    set(output ${CMAKE_BINARY_DIR}/man/${page}.gz)
    add_custom_command(
      OUTPUT ${output}
      COMMAND ${CMAKE_COMMAND} -DSCDOC=${JAMD_SCDOC} -DSOURCE=${PROJECT_SOURCE_DIR}/docs/man/${page}.scd
              -DOUTPUT=${output} -P ${PROJECT_SOURCE_DIR}/cmake/man_page.cmake
      DEPENDS docs/man/${page}.scd cmake/man_page.cmake
      COMMENT "Writing the man page ${page}")
    install(FILES ${output} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section} COMPONENT jamd)
    list(APPEND JAMD_MAN_PAGE_FILES ${output})
  endforeach()
  add_custom_target(jamd_man_pages ALL DEPENDS ${JAMD_MAN_PAGE_FILES})
endif()
