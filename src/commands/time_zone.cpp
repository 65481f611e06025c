#include "commands/time_zone.hpp"

#include <ctime>
#include <string>

#include <date/tz.h>

namespace jamd::commands {

std::optional<TimeZone> TimeZone::find(std::string_view name) {
  if (name == kLocalZone) return TimeZone(Kind::local);
  if (name == "UTC") return TimeZone(Kind::utc);
  try {
    return TimeZone(Kind::named, date::locate_zone(std::string(name)));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::chrono::seconds TimeZone::offset(SysSeconds instant) const {
  switch (kind_) {
    case Kind::local: {
      const std::time_t t = std::chrono::system_clock::to_time_t(instant);
      std::tm tm{};
      localtime_r(&t, &tm);  // thread-safe, and honours TZ
      return std::chrono::seconds(tm.tm_gmtoff);
    }
    case Kind::utc:
      return std::chrono::seconds(0);
    case Kind::named:
      break;
  }
  return zone_->get_info(instant).offset;
}

}  // namespace jamd::commands
