// init_throws: a C++ plugin, without plugin.hpp, whose init throws out into jamd.
#include <stdexcept>

#include <jamd/plugin.h>

static int init(const jamd_host_v1*, jamd_options*, void**, jamd_error*) {
  throw std::runtime_error("thrown from init");
}

JAMD_PLUGIN("init_throws", "1.0.0", init, nullptr);
