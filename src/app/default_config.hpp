#pragma once

// The built-in defaults: the text of config/jamd.json as it was when jamd was built. CMake
// generates its definition from that file (src/app/default_config.cpp.in), so the shipped
// file and the defaults cannot differ. Read by config.cpp.

#include <string_view>

namespace jamd::app {

/// config/jamd.json, comments and all.
extern const std::string_view kDefaultConfigText;

}  // namespace jamd::app
