// TIME: "JAM hh:mm:ss", the time now in the configured zone.

#include <atomic>
#include <cstdio>
#include <ctime>
#include <functional>

#include <date/tz.h>

#include "commands/command_types.hpp"

namespace jamd::commands {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;
using SysSeconds = std::chrono::time_point<system_clock, seconds>;

/// The offset from UTC of a zone at an instant.
using Offset = std::function<seconds(SysSeconds)>;

seconds local_offset(SysSeconds t) {
  const std::time_t c = system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&c, &tm);  // thread-safe, and honours TZ
  return seconds(tm.tm_gmtoff);
}

/// The offset function for "local", "UTC" or an IANA name; nullptr for another name.
Offset zone_offset(const std::string& zone) {
  if (zone == "local") return local_offset;
  if (zone == "UTC") return [](SysSeconds) { return seconds(0); };
  try {
    const date::time_zone* tz = date::locate_zone(zone);
    return [tz](SysSeconds t) { return tz->get_info(t).offset; };
  } catch (const std::exception&) {
    return nullptr;
  }
}

class TimeCommand final : public Command {
 public:
  TimeCommand(CommandInfo info, Offset offset, std::function<system_clock::time_point()> clock)
      : Command(std::move(info)), offset_(std::move(offset)), clock_(std::move(clock)) {}

  After run(const RunContext&, Args, std::string& out) const override {
    // The reply changes once a second: each thread keeps the last one it formatted.
    struct Cached {
      std::uint64_t command = 0;
      SysSeconds second{};
      char text[24] = {};
      int length = 0;
    };
    thread_local Cached cached;
    const auto now = std::chrono::floor<seconds>(clock_());
    if (cached.command != id_ || cached.second != now) {
      const auto of_day = (now + offset_(now)).time_since_epoch().count() % 86400;
      const auto s = of_day < 0 ? of_day + 86400 : of_day;
      cached = {id_, now, {}, 0};
      cached.length = std::snprintf(cached.text, sizeof cached.text, "JAM %02d:%02d:%02d\r\n",
                                    static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                                    static_cast<int>(s % 60));
    }
    out.append(cached.text, static_cast<std::size_t>(cached.length));
    return After::keep_open;
  }

 private:
  static inline std::atomic<std::uint64_t> next_id_{1};
  const std::uint64_t id_ = next_id_++;  // keys the per-thread cache: addresses get reused
  Offset offset_;
  std::function<system_clock::time_point()> clock_;
};

}  // namespace

std::unique_ptr<Command> make_time_command(std::string_view name, CommandOptions& options,
                                           const Services& services) {
  const std::string zone = options.text("timezone", "local");
  Offset offset = zone_offset(zone);
  if (offset == nullptr) {
    options.refuse("timezone", "unknown time zone '" + zone +
                                   "': use \"local\", \"UTC\" or an IANA name such as "
                                   "\"Asia/Jakarta\"");
    return nullptr;
  }
  const std::string where = zone == "local" ? "the server's local time" : zone;
  return std::make_unique<TimeCommand>(
      CommandInfo{std::string(name), 0, 0, "", "replies JAM hh:mm:ss, the time now in " + where},
      std::move(offset), services.clock);
}

}  // namespace jamd::commands
