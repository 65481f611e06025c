#include "metrics/stats_line.hpp"

namespace jamd::metrics {
namespace {

constexpr std::string_view kMore = " ...";

bool same_ignoring_case(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

/// How one series of `family` reads in STATS, without its value.
std::string series_name(const Family& family, const Series& series) {
  return std::string(stats_name(family.name)) + labels_text(series.labels);
}

/// Appends " name=value" for each of `series` of `family` while the line stays within
/// `room` bytes; false once one did not fit.
bool append_series(const Family& family, const std::vector<Series>& series, std::size_t room,
                   std::string& line) {
  for (const Series& s : series) {
    const std::string entry = " " + series_name(family, s) + "=" + value_text(s.value);
    if (line.size() + entry.size() > room) return false;
    line += entry;
  }
  return true;
}

/// `line` and its end, or `line`, " ..." and its end when something was left out.
void finish(std::string& line, bool complete, std::string& out) {
  out.append(line);
  if (!complete) out.append(kMore);
  out.append("\r\n");
}

}  // namespace

void stats_line(const Figures& figures, std::size_t max_bytes, std::string& out) {
  // Room for the line's end and for " ...", so that a cut line still fits.
  const std::size_t room = max_bytes - kMore.size() - 2;
  std::string line = "STATS";
  bool complete = true;
  for (const Family& family : figures) {
    if (!(complete = append_series(family, family.series, room, line))) break;
  }
  finish(line, complete, out);
}

bool stats_of(const Figures& figures, std::string_view name, std::size_t max_bytes,
              std::string& out) {
  const std::size_t room = max_bytes - kMore.size() - 2;
  for (const Family& family : figures) {
    std::string line = "STATS";
    if (same_ignoring_case(stats_name(family.name), name)) {
      finish(line, append_series(family, family.series, room, line), out);
      return true;
    }
    for (const Series& series : family.series) {
      if (!same_ignoring_case(series_name(family, series), name)) continue;
      finish(line, append_series(family, {series}, room, line), out);
      return true;
    }
  }
  return false;
}

}  // namespace jamd::metrics
