#include "commands/registry.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "commands/command_counts.hpp"
#include "commands/reply_check.hpp"
#include "core/replies.hpp"
#include "core/text.hpp"

namespace jamd::commands {
namespace {

constexpr std::size_t kMaxNameLength = 32;

// The key of a command entry that the registry reads for itself: who may run the command.
constexpr std::string_view kAllowKey = "allow";

char upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

/// Case-insensitive three-way comparison of ASCII names.
int compare_names(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;  // the common case: a name typed as configured
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

bool valid_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameLength &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
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

/// The prefixes of `entry`'s allow list; empty when it has none, or once it was refused.
std::vector<core::Prefix> allow_list(CommandOptions& entry) {
  const auto texts = entry.texts(kAllowKey);
  if (!texts) return {};
  if (texts->empty()) {
    // Neither reading is safe to guess: everyone (as an empty access.allow) or no one.
    entry.refuse(kAllowKey,
                 "an empty list would let no client run the command: leave \"allow\" out to "
                 "let every client run it");
    return {};
  }
  std::vector<core::Prefix> result;
  for (std::size_t i = 0; i < texts->size(); ++i) {
    const core::PrefixParse parsed = core::parse_prefix((*texts)[i]);
    if (!parsed.prefix) {
      entry.refuse(std::string(kAllowKey) + "[" + std::to_string(i) + "]", parsed.error);
      return {};
    }
    result.push_back(*parsed.prefix);
  }
  return result;
}

}  // namespace

std::shared_ptr<const Registry> Registry::from_config(std::span<CommandOptions* const> entries,
                                                      const CommandTypes& types,
                                                      const Services& services) {
  auto registry = std::make_shared<Registry>();
  for (CommandOptions* entry : entries) {
    if (!registry->add_entry(*entry, types, services)) return nullptr;
  }
  return registry;
}

std::shared_ptr<const Registry> Registry::extending(const Registry& base,
                                                    std::span<CommandOptions* const> entries,
                                                    const CommandTypes& types,
                                                    const Services& services) {
  auto registry = std::make_shared<Registry>();
  registry->commands_ = base.commands_;
  registry->allow_ = base.allow_;
  registry->slots_ = base.slots_;  // the same names count alike on either port
  registry->restricted_ = base.restricted_;
  for (CommandOptions* entry : entries) {
    if (!registry->add_entry(*entry, types, services)) return nullptr;
  }
  return registry;
}

bool Registry::add_entry(CommandOptions& entry, const CommandTypes& types,
                         const Services& services) {
  const std::string name = entry.text("name", "");
  const std::string type_name = entry.text("type", "");
  if (entry.failed()) return false;
  if (!valid_name(name)) {
    entry.refuse("name", "expected a command name of 1 to 32 letters, digits, '_', '-' or '.'");
    return false;
  }
  if (type_name.empty()) {
    entry.refuse("type", "missing: every command needs a type");
    return false;
  }
  const CommandType* type = types.find(type_name);
  if (type == nullptr) {
    entry.refuse("type", "unknown command type '" + type_name + "'");
    return false;
  }
  if (find(name) != nullptr) {
    entry.refuse("name", "'" + name + "' is listed twice (names ignore case)");
    return false;
  }
  // Read, so marked used, before the factory runs: a type never sees it among its options,
  // not even in json().
  std::vector<core::Prefix> allow = allow_list(entry);
  if (entry.failed()) return false;
  std::unique_ptr<Command> command = type->factory(name, entry, services);
  if (command == nullptr && !entry.failed()) {
    entry.refuse("type", "the factory of type '" + type_name + "' made no command");
  }
  if (entry.failed()) return false;
  entry.refuse_unread("unknown option for a command of type '" + type_name + "'");
  if (entry.failed()) return false;
  // The host keeps the reply contract for code that is not jamd's own, always; for jamd's
  // own commands in debug and fuzz builds only, so that a release build's hot path has no
  // wrapper around them.
  if (type->check == ReplyCheck::always ||
      (type->check == ReplyCheck::debug_builds && kCheckBuiltinReplies)) {
    command = with_reply_check(std::move(command));
  }
  insert(std::move(command), std::move(allow));
  return true;
}

void Registry::add(std::unique_ptr<Command> command) {
  insert(std::move(command), {});
}

void Registry::insert(std::shared_ptr<Command> command, std::vector<core::Prefix> allow) {
  const std::string& name = command->info().name;
  const auto at = position(commands_, name);
  if (at != commands_.end() && compare_names((*at)->info().name, name) == 0) {
    throw std::invalid_argument("command name '" + name + "' is taken (names ignore case)");
  }
  if (!allow.empty()) restricted_ = true;
  const auto index = at - commands_.begin();
  allow_.insert(allow_.begin() + index, std::move(allow));
  slots_.insert(slots_.begin() + index, command_counts().slot(name));
  commands_.insert(at, std::move(command));
}

std::size_t Registry::index_of(std::string_view name) const {
  const auto at = position(commands_, name);
  return at != commands_.end() && compare_names((*at)->info().name, name) == 0
             ? static_cast<std::size_t>(at - commands_.begin())
             : commands_.size();
}

const Command* Registry::find(std::string_view name) const {
  const std::size_t index = index_of(name);
  return index < commands_.size() ? commands_[index].get() : nullptr;
}

void Registry::grant(const core::Peer& client, core::Grants& grants) const {
  if (!restricted_) return grants.grant_all();
  grants.grant_only(commands_.size(), [&](std::size_t index) {
    const std::vector<core::Prefix>& allow = allow_[index];
    return allow.empty() || std::any_of(allow.begin(), allow.end(),
                                        [&](const core::Prefix& p) { return p.contains(client); });
  });
}

void Registry::answered_unknown() const {
  // Under one name, never the line's own: a client must not make the figures grow.
  command_counts().count(unknown_slot_, true);
}

core::Outcome Registry::dispatch(const core::Context& context, std::string_view line,
                                 std::string& out) const {
  using Kind = core::Outcome::Kind;
  std::array<std::string_view, Command::kMaxArgs + 1> words;
  const std::size_t count = split(line, words);
  if (count == 0) return {Kind::replied, {}};  // an empty line gets no reply
  const std::size_t index = index_of(words[0]);
  CommandCounts& counts = command_counts();
  // A line that no command owns is the core's to answer, whatever its bytes; it is counted
  // once the core has answered it as such (answered_unknown).
  if (index == commands_.size()) return {Kind::not_a_command, words[0]};
  const Command* command = commands_[index].get();
  const CommandInfo& info = command->info();
  const auto refused = [&] {
    counts.count(slots_[index], true);
    return core::Outcome{Kind::replied, info.name};
  };
  // Before the bytes and the arity, so that a client the command's allow list keeps out
  // learns nothing more of it. The grants were worked out when the session met this
  // registry: here they are a lookup, not a prefix match.
  if (!context.grants.allows(index)) {
    core::replies::not_allowed(out, words[0], context.client);
    return refused();
  }
  if (!core::is_printable_utf8(line)) {
    core::replies::bad_characters(out);
    return refused();
  }
  const std::size_t args = count - 1;
  if (args < info.min_args || args > info.max_args) {
    core::replies::wrong_arguments(out, words[0]);
    return refused();
  }
  const std::size_t before = out.size();
  const After after = command->run(RunContext{context, *this}, Args(words.data() + 1, args), out);
  counts.count(slots_[index], out.compare(before, 4, "ERR ") == 0);
  const Kind kind = after == After::keep_open ? Kind::replied
                    : after == After::close   ? Kind::close
                                              : Kind::withheld;
  return {kind, info.name};
}

}  // namespace jamd::commands
