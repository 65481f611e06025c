# The plugin SDK and what `cmake --install` lays out for it: jamd/plugin.h and plugin.hpp, a
# CMake package (find_package(jamd CONFIG) -> jamd::plugin), a pkg-config file (jamd-plugin,
# with a plugindir variable) and the example plugins in the plugin folder. The daemon's own
# files (binary, config, units, man pages) are cmake/install.cmake's.
include(CMakePackageConfigHelpers)

# jamd::plugin, as the installed package defines it, for the examples built here.
add_library(jamd_plugin_sdk INTERFACE)
add_library(jamd::plugin ALIAS jamd_plugin_sdk)
target_include_directories(jamd_plugin_sdk INTERFACE ${PROJECT_SOURCE_DIR}/include)
target_compile_options(jamd_plugin_sdk INTERFACE -fvisibility=hidden)
target_link_options(jamd_plugin_sdk INTERFACE -Wl,--no-undefined)

# The examples are projects of their own that find jamd with find_package(jamd) only: here
# the package found is a stub that leaves jamd::plugin as defined above.
configure_file(cmake/jamdConfig.in-tree.cmake in-tree/jamdConfig.cmake @ONLY)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/in-tree/jamdConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
set(jamd_DIR ${CMAKE_BINARY_DIR}/in-tree)
# Their install rules name no component: the plugins go with the daemon (the jamd package).
set(CMAKE_LIBRARY_OUTPUT_DIRECTORY ${JAMD_BUILD_PLUGIN_DIR})
set(CMAKE_INSTALL_DEFAULT_COMPONENT_NAME jamd)
add_subdirectory(examples/tanggal)
add_subdirectory(examples/words)
unset(CMAKE_INSTALL_DEFAULT_COMPONENT_NAME)
unset(CMAKE_LIBRARY_OUTPUT_DIRECTORY)

# The SDK is the component dev (the jamd-dev package).
install(FILES include/jamd/plugin.h include/jamd/plugin.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/jamd COMPONENT dev)

set(JAMD_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/jamd)
configure_package_config_file(cmake/jamdConfig.cmake.in sdk/jamdConfig.cmake
  INSTALL_DESTINATION ${JAMD_PACKAGE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR JAMD_PLUGIN_INSTALL_DIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/sdk/jamdConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
install(FILES ${CMAKE_BINARY_DIR}/sdk/jamdConfig.cmake
              ${CMAKE_BINARY_DIR}/sdk/jamdConfigVersion.cmake
        DESTINATION ${JAMD_PACKAGE_DIR} COMPONENT dev)

# The .pc file finds its prefix from its own folder, so that a staged install works too.
file(RELATIVE_PATH JAMD_PREFIX_FROM_PKGCONFIG_DIR ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
configure_file(cmake/jamd-plugin.pc.in sdk/jamd-plugin.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/sdk/jamd-plugin.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
        COMPONENT dev)
