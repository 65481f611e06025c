# find_package(jamd) inside jamd's own build, for the examples it builds: jamd::plugin is the
# build's own target, with the same name and effect as the installed one.
set(jamd_PLUGIN_DIR "@JAMD_PLUGIN_INSTALL_DIR@")
