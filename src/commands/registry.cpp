#include "commands/registry.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "commands/command_spec.hpp"
#include "commands/command_types.hpp"
#include "core/replies.hpp"
#include "core/text.hpp"

namespace jamd::commands {
namespace {

char upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

/// Case-insensitive three-way comparison of ASCII names.
int compare_names(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (const int d = upper(a[i]) - upper(b[i]); d != 0) return d;
  }
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

/// Where the command called `name` is, or would go, in a vector sorted by name.
template <typename Commands>
auto position(Commands& commands, std::string_view name) {
  return std::lower_bound(commands.begin(), commands.end(), name, [](const auto& c, auto n) {
    return compare_names(c->info().name, n) < 0;
  });
}

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

/// Splits `line` at blanks into `words`; returns how many words there are, even past the
/// capacity of `words`, so that too many arguments is still told apart.
template <std::size_t N>
std::size_t split(std::string_view line, std::array<std::string_view, N>& words) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && is_blank(line[i])) ++i;
    if (i == line.size()) return count;
    const std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (count < N) words[count] = line.substr(start, i - start);
    ++count;
  }
}

}  // namespace

Command::Command(CommandInfo info) : info_(std::move(info)) {
  if (info_.min_args > info_.max_args || info_.max_args > kMaxArgs) {
    throw std::logic_error("command " + info_.name + " declares an impossible arity");
  }
}

std::shared_ptr<const Registry> Registry::from_config(const nlohmann::json& commands,
                                                      Services services) {
  if (!commands.is_array()) throw ConfigError("commands", "expected a list of commands");
  auto registry = std::make_shared<Registry>();
  services.registry = registry.get();
  for (std::size_t i = 0; i < commands.size(); ++i) {
    CommandSpec spec(commands[i], "commands[" + std::to_string(i) + "]");
    const Factory factory = find_factory(spec.type());
    if (factory == nullptr) spec.fail("type", "unknown command type '" + spec.type() + "'");
    if (registry->find(spec.name()) != nullptr) {
      spec.fail("name", "'" + spec.name() + "' is listed twice (names ignore case)");
    }
    auto command = factory(spec, services);
    spec.check_all_used();
    registry->add(std::move(command));
  }
  return registry;
}

void Registry::add(std::unique_ptr<Command> command) {
  const std::string& name = command->info().name;
  const auto at = position(commands_, name);
  if (at != commands_.end() && compare_names((*at)->info().name, name) == 0) {
    throw std::invalid_argument("command name '" + name + "' is taken (names ignore case)");
  }
  commands_.insert(at, std::move(command));
}

const Command* Registry::find(std::string_view name) const {
  const auto at = position(commands_, name);
  return at != commands_.end() && compare_names((*at)->info().name, name) == 0 ? at->get()
                                                                               : nullptr;
}

core::Outcome Registry::dispatch(const core::Context&, std::string_view line,
                                 std::string& out) const {
  using Kind = core::Outcome::Kind;
  if (!core::is_printable_utf8(line)) {
    core::replies::bad_characters(out);
    return {Kind::replied, {}};
  }
  std::array<std::string_view, Command::kMaxArgs + 1> words;
  const std::size_t count = split(line, words);
  if (count == 0) return {Kind::replied, {}};  // an empty line gets no reply
  const Command* command = find(words[0]);
  if (command == nullptr) return {Kind::not_a_command, words[0]};
  const CommandInfo& info = command->info();
  const std::size_t args = count - 1;
  if (args < info.min_args || args > info.max_args) {
    core::replies::wrong_arguments(out, words[0]);
    return {Kind::replied, info.name};
  }
  const bool close = command->run(Args(words.data() + 1, args), out) == After::close;
  return {close ? Kind::close : Kind::replied, info.name};
}

}  // namespace jamd::commands
