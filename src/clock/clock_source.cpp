#include "clock/clock_source.hpp"

#include <sys/timex.h>

#include <cerrno>

namespace jamd::clock {
namespace {

class KernelClock final : public ClockSource {
 public:
  ClockReading read() const noexcept override {
    timex t{};  // modes = 0: read only
    const int state = ::adjtimex(&t);
    if (state == -1) return ClockReading{.readable = false, .error = errno};
    using namespace std::chrono;
    // timex.time is a timeval whose second field holds nanoseconds once STA_NANO is set.
    const nanoseconds fraction =
        (t.status & STA_NANO) != 0 ? nanoseconds(t.time.tv_usec) : microseconds(t.time.tv_usec);
    return ClockReading{
        .readable = true,
        .state = state,
        .status = t.status,
        .max_error = microseconds(t.maxerror),
        .estimated_error = microseconds(t.esterror),
        .time = system_clock::time_point(
            duration_cast<system_clock::duration>(seconds(t.time.tv_sec) + fraction)),
    };
  }
};

}  // namespace

std::shared_ptr<const ClockSource> kernel_clock() {
  static const auto kernel = std::make_shared<const KernelClock>();
  return kernel;
}

}  // namespace jamd::clock
