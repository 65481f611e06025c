# The service manager's side of jamd (src/app/systemd.hpp): sd_notify, the watchdog and socket
# activation over libsystemd, or a build that does without them.
#
# JAMD_SYSTEMD: AUTO (the default) uses libsystemd when pkg-config finds it; ON requires it,
# for the package build, since a Type=notify unit around a jamd that never says READY=1 hangs
# in its start; OFF never uses it. Without libsystemd jamd runs as it does outside systemd.
set(JAMD_SYSTEMD AUTO CACHE STRING
    "Use libsystemd for sd_notify, the watchdog and socket activation: AUTO, ON or OFF")
set_property(CACHE JAMD_SYSTEMD PROPERTY STRINGS AUTO ON OFF)

string(TOUPPER "${JAMD_SYSTEMD}" jamd_systemd_choice)
if(NOT jamd_systemd_choice MATCHES "^(AUTO|ON|OFF)$")
  message(FATAL_ERROR "JAMD_SYSTEMD is '${JAMD_SYSTEMD}': expected AUTO, ON or OFF")
endif()

set(JAMD_WITH_SYSTEMD OFF)
if(NOT jamd_systemd_choice STREQUAL "OFF")
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(LIBSYSTEMD QUIET IMPORTED_TARGET libsystemd)
  endif()
  if(LIBSYSTEMD_FOUND)
    set(JAMD_WITH_SYSTEMD ON)
  elseif(jamd_systemd_choice STREQUAL "ON")
    message(FATAL_ERROR "JAMD_SYSTEMD is ON, but pkg-config finds no libsystemd: install "
                        "libsystemd-dev (./scripts/setup does), or configure with "
                        "-DJAMD_SYSTEMD=AUTO or OFF")
  endif()
endif()

if(JAMD_WITH_SYSTEMD)
  message(STATUS "jamd: systemd support on (libsystemd ${LIBSYSTEMD_VERSION})")
  target_sources(jamd_app PRIVATE src/app/systemd.cpp)
  target_link_libraries(jamd_app PRIVATE PkgConfig::LIBSYSTEMD)
else()
  message(STATUS "jamd: systemd support off (JAMD_SYSTEMD ${JAMD_SYSTEMD})")
  target_sources(jamd_app PRIVATE src/app/systemd_none.cpp)
endif()
