#include "app/command_figures.hpp"

#include <utility>

namespace jamd::app {

void add_command_figures(metrics::Sources& sources, const commands::CommandCounts& counts) {
  sources.add([&counts](metrics::Figures& out) {
    metrics::Family family{"jamd_commands_total",
                           "Command lines run, by command and result.",
                           metrics::Type::counter,
                           {}};
    for (const auto& row : counts.rows()) {
      for (const auto& [result, count] : {std::pair{"ok", row.ok}, {"error", row.error}}) {
        family.series.push_back(
            {{{"command", row.command}, {"result", result}}, static_cast<double>(count)});
      }
    }
    out.push_back(std::move(family));
  });
}

}  // namespace jamd::app
