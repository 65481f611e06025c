#pragma once

// The time zones that TIME and the plugins' host functions read a clock in: "local", "UTC"
// or an IANA name. The one place jamd turns an instant into a time of day.

#include <chrono>
#include <optional>
#include <string_view>

namespace date {
class time_zone;
}

namespace jamd::commands {

using SysSeconds = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

/// A time zone: a small value, safe to use from any thread at once.
class TimeZone {
 public:
  /// "local" (the server's own, as TZ says), "UTC", or an IANA name such as "Asia/Jakarta";
  /// nullopt for a name the zone database does not know.
  static std::optional<TimeZone> find(std::string_view name);

  /// How far the zone is ahead of UTC at `instant`.
  std::chrono::seconds offset(SysSeconds instant) const;

 private:
  enum class Kind { local, utc, named };
  explicit TimeZone(Kind kind, const date::time_zone* zone = nullptr) : kind_(kind), zone_(zone) {}

  Kind kind_;
  const date::time_zone* zone_;  // for Kind::named; the database keeps it until exit
};

/// The name of the server's own zone.
inline constexpr std::string_view kLocalZone = "local";

}  // namespace jamd::commands
