#pragma once

// What jamd was built from: the version (CMake's project version) and the git commit, which
// cmake/commit.cmake writes into a generated source at every build. Read by the figures.

#include <string_view>

namespace jamd::app {

/// The commit jamd was built from, abbreviated ("3f2a1c9d0b1e"), or "unknown" when the source
/// had no git.
extern const std::string_view kCommit;

}  // namespace jamd::app
