#pragma once

// The one line that STATS answers: the figures of /metrics, each series as
// `name{label="value"}=value` with the name STATS gives its family (stats_name()).

#include <cstddef>
#include <string>
#include <string_view>

#include "metrics/figures.hpp"

namespace jamd::metrics {

/// Appends "STATS" and every series of `figures`, in order, each after one space, then
/// "\r\n", in at most `max_bytes`: series that do not fit are left out, and " ..." says so.
void stats_line(const Figures& figures, std::size_t max_bytes, std::string& out);

/// Appends "STATS " and what `name` names, then "\r\n": every series of the family `name`, or
/// the one series written `name`, compared ignoring case. Returns false, appending nothing,
/// when `name` names neither.
bool stats_of(const Figures& figures, std::string_view name, std::size_t max_bytes,
              std::string& out);

}  // namespace jamd::metrics
