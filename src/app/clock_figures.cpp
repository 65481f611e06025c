#include "app/clock_figures.hpp"

namespace jamd::app {

void add_clock_figures(metrics::Sources& sources, const clock::ClockHealth& clock) {
  sources.add([&clock](metrics::Figures& out) {
    using metrics::single;
    using metrics::Type;
    const clock::ClockSnapshot now = clock.snapshot();
    out.push_back(single(
        "jamd_clock_synchronized",
        "1 when the clock counts as synchronised (what clock.unsynchronized acts on), else 0.",
        Type::gauge, now.synchronized ? 1 : 0));
    out.push_back(single("jamd_clock_max_error_seconds",
                         "The kernel's maximum error of the clock (NaN unless read).", Type::gauge,
                         now.max_error_s));
    out.push_back(single("jamd_clock_estimated_error_seconds",
                         "The kernel's estimated error of the clock (NaN unless read).",
                         Type::gauge, now.estimated_error_s));
    out.push_back(single("jamd_clock_status_readable",
                         "1 when the kernel's clock state was read, else 0 (unreadable, or "
                         "clock.source none).",
                         Type::gauge, now.status == clock::ClockStatus::read ? 1 : 0));
    out.push_back(single("jamd_clock_leap",
                         "The leap second state: -1 unknown, 0 none, 1 insert pending, 2 delete "
                         "pending, 3 inserting now, 4 just passed.",
                         Type::gauge, static_cast<double>(now.leap)));
  });
}

}  // namespace jamd::app
