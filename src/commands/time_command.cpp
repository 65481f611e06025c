// TIME: "JAM hh:mm:ss", the time now in the configured zone.

#include <atomic>
#include <cstdio>
#include <functional>

#include "commands/command_types.hpp"
#include "commands/time_zone.hpp"

namespace jamd::commands {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

class TimeCommand final : public Command {
 public:
  TimeCommand(CommandInfo info, TimeZone zone, std::function<system_clock::time_point()> clock)
      : Command(std::move(info)), zone_(zone), clock_(std::move(clock)) {}

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
      const auto of_day = (now + zone_.offset(now)).time_since_epoch().count() % 86400;
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
  TimeZone zone_;
  std::function<system_clock::time_point()> clock_;
};

}  // namespace

std::unique_ptr<Command> make_time_command(std::string_view name, CommandOptions& options,
                                           const Services& services) {
  const std::string zone = options.text("timezone", "local");
  const std::optional<TimeZone> found = TimeZone::find(zone);
  if (!found) {
    options.refuse("timezone", "unknown time zone '" + zone +
                                   "': use \"local\", \"UTC\" or an IANA name such as "
                                   "\"Asia/Jakarta\"");
    return nullptr;
  }
  const std::string where = zone == kLocalZone ? "the server's local time" : zone;
  return std::make_unique<TimeCommand>(
      CommandInfo{std::string(name), 0, 0, "", "replies JAM hh:mm:ss, the time now in " + where},
      *found, services.clock);
}

}  // namespace jamd::commands
