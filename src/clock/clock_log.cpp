#include "clock/clock_log.hpp"

#include <sys/timex.h>

#include <cstring>

#include <fmt/format.h>
#include "log/log.hpp"

namespace jamd::clock {
namespace {

const char* state_name(int state) {
  switch (state) {
    case TIME_OK:
      return "TIME_OK";
    case TIME_INS:
      return "TIME_INS";
    case TIME_DEL:
      return "TIME_DEL";
    case TIME_OOP:
      return "TIME_OOP";
    case TIME_WAIT:
      return "TIME_WAIT";
    case TIME_ERROR:
      return "TIME_ERROR";
    default:
      return "an unknown state";
  }
}

/// What time commands do while the clock is not synchronised.
std::string policy_text(Policy policy) {
  const char* does = policy == Policy::serve   ? "answer as usual"
                     : policy == Policy::error ? "reply ERR clock not synchronized"
                                               : "close the session without a reply";
  return fmt::format("time commands {} (clock.unsynchronized \"{}\")", does, name_of(policy));
}

std::string errors_text(const ClockSnapshot& s) {
  return fmt::format("maximum error {:g} s, estimated error {:g} s", s.max_error_s,
                     s.estimated_error_s);
}

}  // namespace

std::string describe(const ClockSnapshot& s, const ClockSettings& settings) {
  switch (s.status) {
    case ClockStatus::not_read:
      return "not read (clock.source \"none\"): counted as synchronised";
    case ClockStatus::unreadable:
      return fmt::format(
          "cannot read the kernel's clock state (adjtimex: {}): counted as not synchronised; {}",
          std::strerror(s.error), policy_text(settings.unsynchronized));
    case ClockStatus::read:
      break;
  }
  if (s.synchronized) return "synchronised (" + errors_text(s) + ")";
  std::string why;
  if (!s.kernel_synchronized) {
    why = fmt::format("the kernel's state {}{}, ", state_name(s.state),
                      (s.status_bits & STA_UNSYNC) != 0 ? ", STA_UNSYNC set" : "");
  }
  why += errors_text(s);
  if (s.over_max_error) why += fmt::format(", over clock.max_error_ms {:g}", settings.max_error_ms);
  return "not synchronised (" + why + "): " + policy_text(settings.unsynchronized);
}

void ClockLog::note(const ClockSnapshot& snapshot, const ClockSettings& settings,
                    std::chrono::steady_clock::time_point now, bool at_once) {
  if (snapshot.leap != leap_) {
    leap_ = snapshot.leap;
    if (leap_ == Leap::insert_pending) {
      log::info(log::clock_leap_insert,
                "clock: the kernel inserts a leap second after 23:59:59 UTC today: TIME "
                "shows it as second 60 of its minute");
    } else if (leap_ == Leap::delete_pending) {
      log::info(log::clock_leap_delete,
                "clock: the kernel deletes 23:59:59 UTC today, a leap second");
    }
  }
  const bool verdict = snapshot.synchronized;
  if (logged_ && verdict != seen_) ++changes_;
  seen_ = verdict;
  if (now - window_ >= kWindow) {
    window_ = now;
    lines_ = 0;
  }
  if (logged_ && *logged_ == verdict) return;
  if (logged_ && !at_once && lines_ >= kBurst) return;  // a later note logs it, if it lasts
  std::string text = describe(snapshot, settings);
  if (changes_ > 1) text += fmt::format(" ({} changes since the last line)", changes_);
  log::write(verdict ? spdlog::level::info : spdlog::level::warn, log::clock_state, "clock: {}",
             text);
  logged_ = verdict;
  changes_ = 0;
  ++lines_;
}

}  // namespace jamd::clock
