#pragma once

// Config texts and registries for the unit tests of src/app and of the real commands.
// Header-only; needs jamd_app.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "app/builtin_commands.hpp"
#include "app/config.hpp"
#include "app/config_error.hpp"

namespace jamd::test {

/// The key() of the app::ConfigError that `read` throws, or "<no ConfigError>".
template <typename Read>
std::string config_error_key(Read&& read) {
  try {
    (void)read();
  } catch (const app::ConfigError& e) {
    return e.key();
  }
  return "<no ConfigError>";
}

/// The commands of the built-in defaults, with TIME in UTC so that its replies are known.
inline constexpr std::string_view kStandard = R"([
  {"name": "TIME", "type": "time", "timezone": "UTC"},
  {"name": "QUIT", "type": "quit"},
  {"name": "HELP", "type": "help"}
])";

/// The registry of the JSON command list `list`, with jamd's built-in command types.
inline std::shared_ptr<const commands::Registry> registry_of(std::string_view list,
                                                             commands::Services services = {}) {
  return app::build_registry(app::Json::parse(list), app::builtin_command_types(), services);
}

}  // namespace jamd::test
