// TIME: "JAM hh:mm:ss", the time now in the configured zone; "hh:mm:60" during an inserted
// leap second; and what the clock policy says while the clock is not synchronised.

#include <sys/timex.h>

#include <atomic>
#include <cstdio>
#include <functional>

#include "clock/clock_health.hpp"
#include "commands/clock_policy.hpp"
#include "commands/command_types.hpp"
#include "commands/time_zone.hpp"

namespace jamd::commands {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

/// True for 23:59:59 and 00:00:00 UTC: the seconds a leap second inserted at the end of a
/// UTC day can be confused with, on a clock that reads 23:59:59 twice.
bool next_to_midnight_utc(SysSeconds second) {
  const auto of_day = second.time_since_epoch().count() % 86400;
  return of_day == 86399 || of_day == 0 || of_day == -1;
}

class TimeCommand final : public Command {
 public:
  TimeCommand(CommandInfo info, TimeZone zone, const Services& services)
      : Command(std::move(info)),
        zone_(zone),
        clock_(services.clock),
        health_(services.clock_health) {}

  After run(const RunContext&, Args, std::string& out) const override {
    const clock::Gate gate = health_ ? health_->gate() : clock::Gate{};
    if (gate.action != clock::Policy::serve) return *apply_clock_policy(gate.action, out);
    auto now = std::chrono::floor<seconds>(clock_());
    // The kernel inserts a leap second by reading 23:59:59 UTC twice, the second time in the
    // state TIME_OOP; the coarse clock alone cannot tell the two apart. Reading the state on
    // every request would cost a syscall each, so it is read only on a day the last poll saw
    // a leap armed (TIME_INS) or under way (TIME_OOP), and then only in the seconds next to
    // midnight UTC: there the state and the time come from one adjtimex call, so that the
    // reply is right even in the second after the poll.
    bool leap = false;
    if (gate.leap_near && next_to_midnight_utc(now)) {
      const clock::ClockReading reading = health_->read_now();
      if (reading.readable) {
        now = std::chrono::floor<seconds>(reading.time);
        leap = reading.state == TIME_OOP;
      }
    }
    // The reply changes once a second: each thread keeps the last one it formatted, for the
    // command, the second and whether that second was the inserted one.
    struct Cached {
      std::uint64_t command = 0;
      SysSeconds second{};
      bool leap = false;
      char text[24] = {};
      int length = 0;
    };
    thread_local Cached cached;
    if (cached.command != id_ || cached.second != now || cached.leap != leap) {
      const auto of_day = (now + zone_.offset(now)).time_since_epoch().count() % 86400;
      const auto s = of_day < 0 ? of_day + 86400 : of_day;
      // The inserted second follows 23:59:59 UTC, so in every zone it is the 60th second of
      // the minute that 23:59 UTC falls in (every offset since 1972 is whole minutes).
      const int second_of_minute = leap ? 60 : static_cast<int>(s % 60);
      cached = {id_, now, leap, {}, 0};
      cached.length = std::snprintf(cached.text, sizeof cached.text, "JAM %02d:%02d:%02d\r\n",
                                    static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                                    second_of_minute);
    }
    out.append(cached.text, static_cast<std::size_t>(cached.length));
    return After::keep_open;
  }

 private:
  static inline std::atomic<std::uint64_t> next_id_{1};
  const std::uint64_t id_ = next_id_++;  // keys the per-thread cache: addresses get reused
  TimeZone zone_;
  std::function<system_clock::time_point()> clock_;
  std::shared_ptr<const clock::ClockHealth> health_;
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
      *found, services);
}

}  // namespace jamd::commands
