#pragma once

// The kinds of jamd's log lines, listed in events.inc: each an identifier fixed for its kind
// of line, with the names of its message's arguments, which the JSON format writes as the
// line's fields. Constants only.

#include <array>
#include <cstddef>
#include <span>

namespace jamd::log {

/// A kind of log line: its identifier, and the name of each argument of its message in
/// order ("" for an argument that is no field).
template <std::size_t N>
struct Event {
  const char* name;                   ///< "session_open": lower case, digits and '_'
  std::array<const char*, N> fields;  ///< one name for each argument of the message
};

/// The event `name` with `fields`, which give its size.
template <typename... Fields>
constexpr Event<sizeof...(Fields)> make_event(const char* name, Fields... fields) {
  return {name, {fields...}};
}

#define JAMD_EVENT(event, ...) \
  inline constexpr auto event = make_event(#event __VA_OPT__(, ) __VA_ARGS__);
#include "log/events.inc"
#undef JAMD_EVENT

/// An event of any size, for the list of them all.
struct EventListing {
  const char* name;                     ///< as Event::name
  std::span<const char* const> fields;  ///< as Event::fields
};

/// Every event, in the order of events.inc.
inline constexpr EventListing kEvents[] = {
#define JAMD_EVENT(event, ...) {event.name, event.fields},
#include "log/events.inc"
#undef JAMD_EVENT
};

}  // namespace jamd::log
