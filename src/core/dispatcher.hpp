#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/limits.hpp"

namespace jamd::core {

/// What the session does after a line has been dispatched.
enum class After { keep_open, close };

/// The one thing the network core knows about commands: a line goes in, a reply comes out.
/// Implementations are called from many I/O threads at once and must not block.
class Dispatcher {
 public:
  virtual ~Dispatcher() = default;

  /// Handles one request line (terminator removed); appends its reply line, if any, to `out`.
  virtual After dispatch(std::string_view line, std::string& out) const = 0;

  /// True when the first word of `line` names a command, so that the line is meant for it.
  virtual bool knows(std::string_view line) const = 0;
};

/// Everything a reload may change while sessions stay open, swapped in as one value.
struct Runtime {
  Limits limits;
  std::shared_ptr<const Dispatcher> dispatcher;
};

}  // namespace jamd::core
