#include "metrics/figures.hpp"

#include <cmath>

#include <fmt/format.h>

namespace jamd::metrics {

void Sources::add(Source source) {
  sources_.push_back(std::move(source));
}

Figures Sources::collect() const {
  Figures figures;
  for (const Source& source : sources_) source(figures);
  return figures;
}

Family single(std::string name, std::string help, Type type, double value) {
  return Family{std::move(name), std::move(help), type, {Series{{}, value}}};
}

std::string_view stats_name(std::string_view name) {
  constexpr std::string_view kPrefix = "jamd_";
  return name.starts_with(kPrefix) ? name.substr(kPrefix.size()) : name;
}

std::string labels_text(const std::vector<Label>& labels) {
  if (labels.empty()) return "";
  std::string text = "{";
  for (const Label& label : labels) {
    if (text.size() > 1) text += ',';
    text.append(label.name).append("=\"");
    for (const char c : label.value) {
      if (c == '\\' || c == '"') {
        text += '\\';
        text += c;
      } else if (c == '\n') {
        text += "\\n";
      } else {
        text += c;
      }
    }
    text += '"';
  }
  return text + "}";
}

std::string value_text(double value) {
  // Prometheus spells these its own way; fmt writes "nan" and "inf".
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);  // the shortest that reads back exactly: 3, 0.5, 1e+17
}

}  // namespace jamd::metrics
