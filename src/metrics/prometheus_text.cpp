#include "metrics/prometheus_text.hpp"

namespace jamd::metrics {
namespace {

/// A help text as the format escapes it: backslash and line feed.
std::string escaped_help(std::string_view help) {
  std::string text;
  for (const char c : help) {
    if (c == '\\') {
      text += "\\\\";
    } else if (c == '\n') {
      text += "\\n";
    } else {
      text += c;
    }
  }
  return text;
}

}  // namespace

std::string prometheus_text(const Figures& figures) {
  std::string text;
  for (const Family& family : figures) {
    text.append("# HELP ").append(family.name).append(" ").append(escaped_help(family.help));
    text.append("\n# TYPE ").append(family.name);
    text.append(family.type == Type::counter ? " counter\n" : " gauge\n");
    for (const Series& series : family.series) {
      text.append(family.name).append(labels_text(series.labels));
      text.append(" ").append(value_text(series.value)).append("\n");
    }
  }
  return text;
}

}  // namespace jamd::metrics
