#pragma once

// The figures jamd exposes, as plain values: what each source of figures (the core's counts,
// the process, the config, and later the clock and the commands) adds, and what /metrics and
// STATS both write out. Nothing here knows a socket or a command.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace jamd::metrics {

/// How Prometheus reads a family: a counter only goes up, a gauge goes either way.
enum class Type { counter, gauge };

/// One label of a series. Its value is never a client's address or anything else a client
/// chooses, so that no client can create series.
struct Label {
  std::string name;
  std::string value;
};

/// One series of a family: its labels, in a fixed order, and its value now.
struct Series {
  std::vector<Label> labels;
  double value = 0;
};

/// A family of series under one name, with its help text.
struct Family {
  std::string name;  ///< the Prometheus name, such as "jamd_sent_bytes_total"
  std::string help;  ///< one line, for "# HELP"
  Type type = Type::gauge;
  std::vector<Series> series;
};

/// Families in the order they are written out: the order of the sources, then each source's.
using Figures = std::vector<Family>;

/// Adds its families to `out`. Called on an I/O thread, from many at once, at every scrape
/// and every STATS: it must be thread-safe and must not block.
using Source = std::function<void(Figures& out)>;

/// The list of sources that /metrics and STATS walk, in order. Each part of jamd that counts
/// something adds one as jamd starts; the list is complete before any thread reads it, so
/// reading it takes no lock.
class Sources {
 public:
  /// Appends `source`. Not thread-safe: call before serving starts.
  void add(Source source);
  /// Every family of every source, in order.
  Figures collect() const;

 private:
  std::vector<Source> sources_;
};

/// A family of one series without labels.
Family single(std::string name, std::string help, Type type, double value);

/// The name STATS gives a family: its Prometheus name without the "jamd_" prefix.
std::string_view stats_name(std::string_view name);

/// How a series reads in both formats after its name: `{name="value",...}`, each value
/// quoted and escaped as Prometheus escapes it (\\, \" and \n), or "" without labels. The
/// quotes keep one series from reading as another, whatever a value holds.
std::string labels_text(const std::vector<Label>& labels);

/// `value` as both formats write it: the shortest text that reads back as `value` (whole
/// numbers below 1e16 without a fraction or exponent), NaN, +Inf and -Inf as Prometheus does.
std::string value_text(double value);

}  // namespace jamd::metrics
