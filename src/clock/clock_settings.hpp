#pragma once

// The "clock" section of the config: where the clock's state comes from, and what time
// commands do while it is not synchronised. src/app reads and prints it; ClockHealth acts
// on it, and takes a new one on every reload.

#include <cstdint>
#include <optional>
#include <string_view>

namespace jamd::clock {

/// Where the clock's state comes from ("clock.source").
enum class Source : std::uint8_t {
  kernel,  ///< adjtimex, once a second
  none,    ///< never read: the state is unknown, and counted as synchronised
};

/// What a time command does while the clock is not synchronised ("clock.unsynchronized").
enum class Policy : std::uint8_t {
  serve,   ///< answers as usual (the log says the clock is not synchronised)
  error,   ///< replies "ERR clock not synchronized", and the session stays open
  refuse,  ///< closes the session without a reply (RFC 868)
};

/// The settings of the clock's health, as the config gives them.
struct ClockSettings {
  Source source = Source::kernel;
  Policy unsynchronized = Policy::serve;
  /// A maximum error above this many milliseconds counts as unsynchronised; 0 = no limit.
  double max_error_ms = 0;

  bool operator==(const ClockSettings&) const = default;
};

/// The config's name of `source` ("kernel", "none").
std::string_view name_of(Source source);
/// The config's name of `policy` ("serve", "error", "refuse").
std::string_view name_of(Policy policy);
/// The source the config calls `name`, or nullopt.
std::optional<Source> source_named(std::string_view name);
/// The policy the config calls `name`, or nullopt.
std::optional<Policy> policy_named(std::string_view name);

}  // namespace jamd::clock
