#include "clock/clock_health.hpp"

#include <optional>

namespace jamd::clock {
namespace {

using std::chrono::duration;

/// The snapshot of `reading` (nullopt: not read) under `settings`.
ClockSnapshot judge(const std::optional<ClockReading>& reading, const ClockSettings& settings) {
  ClockSnapshot s;
  if (!reading) return s;  // not read: unknown, and counted as synchronised
  if (!reading->readable) {
    // Never a guess: the state is unknown, and a clock that cannot be checked is not trusted.
    s.status = ClockStatus::unreadable;
    s.error = reading->error;
    s.synchronized = false;
    return s;
  }
  s.status = ClockStatus::read;
  s.kernel_synchronized = kernel_synchronized(*reading);
  s.max_error_s = duration<double>(reading->max_error).count();
  s.estimated_error_s = duration<double>(reading->estimated_error).count();
  s.over_max_error = settings.max_error_ms > 0 && s.max_error_s * 1000 > settings.max_error_ms;
  s.synchronized = s.kernel_synchronized && !s.over_max_error;
  s.leap = leap_of(*reading);
  s.state = reading->state;
  s.status_bits = reading->status;
  s.read_at = reading->time;
  return s;
}

}  // namespace

ClockHealth::ClockHealth(std::shared_ptr<const ClockSource> source) : source_(std::move(source)) {}

void ClockHealth::configure(const ClockSettings& settings) {
  const std::lock_guard lock(mutex_);
  settings_ = settings;
  configured_ = true;
  update(/*at_once=*/true);
}

void ClockHealth::poll() {
  const std::lock_guard lock(mutex_);
  if (configured_) update(/*at_once=*/false);
}

ClockSnapshot ClockHealth::snapshot() const {
  const std::lock_guard lock(mutex_);
  return snapshot_;
}

ClockSettings ClockHealth::settings() const {
  const std::lock_guard lock(mutex_);
  return settings_;
}

void ClockHealth::update(bool at_once) {
  std::optional<ClockReading> reading;
  if (settings_.source == Source::kernel) reading = source_->read();
  snapshot_ = judge(reading, settings_);
  const Policy action = snapshot_.synchronized ? Policy::serve : settings_.unsynchronized;
  // A leap second is inserted at the end of a UTC day: TIME_INS all that day, TIME_OOP
  // during it. A poll may be a second late, so both keep the time commands looking closely.
  const bool near = snapshot_.leap == Leap::insert_pending || snapshot_.leap == Leap::in_progress;
  gate_.store(
      static_cast<std::uint8_t>(static_cast<std::uint8_t>(action) | (near ? kLeapNearBit : 0)),
      std::memory_order_relaxed);
  log_.note(snapshot_, settings_, std::chrono::steady_clock::now(), at_once);
}

}  // namespace jamd::clock
