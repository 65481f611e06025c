#include "plugins/plugin_command.hpp"

#include <array>

#include <fmt/format.h>

#include "clock/clock_health.hpp"
#include "commands/clock_policy.hpp"
#include "commands/reply_check.hpp"
#include "core/replies.hpp"
#include "core/text.hpp"

namespace jamd::plugins {
namespace {

using commands::After;

class PluginCommand final : public commands::Command {
 public:
  PluginCommand(commands::CommandInfo info, PluginHost& host, const RegisteredType& type,
                void* instance, Graveyard& graveyard,
                std::shared_ptr<const clock::ClockHealth> health)
      : Command(std::move(info)),
        host_(host),
        type_(type),
        instance_(instance),
        graveyard_(graveyard),
        health_(std::move(health)) {}

  ~PluginCommand() override { graveyard_.bury(type_.destroy, instance_); }

  After run(const commands::RunContext&, commands::Args args, std::string& out) const override {
    std::array<jamd_str, commands::Command::kMaxArgs> words;
    for (std::size_t i = 0; i < args.size(); ++i) words[i] = {args[i].data(), args[i].size()};
    jamd_reply reply{out, out.size(), false, {}};
    int status = JAMD_ERROR;
    (void)clock_was_read();  // what happened before this run is not its business
    try {
      status = type_.run(instance_, words.data(), args.size(), &reply);
    } catch (const std::exception& e) {
      reply.failure = std::string("run threw, which a plugin must never do: ") + e.what();
    } catch (...) {
      reply.failure = "run threw, which a plugin must never do";
    }
    // A run that read the host's clock told the time: while the clock is not synchronised,
    // the policy replaces whatever it replied, as it does TIME's reply.
    if (clock_was_read() && health_) {
      const clock::Policy action = health_->gate().action;
      if (action != clock::Policy::serve) {
        out.resize(reply.start);
        return *commands::apply_clock_policy(action, out);
      }
    }
    // The common case in one pass: printable text holds no line break, and reply_append kept
    // it within the limit.
    if (status == JAMD_OK && reply.failure.empty() && !reply.too_long && out.size() > reply.start &&
        core::is_printable_utf8(std::string_view(out).substr(reply.start))) {
      out.push_back('\r');  // inline, unlike append()
      out.push_back('\n');
      return After::keep_open;
    }
    const char* problem = problem_of(reply, status);
    if (problem == nullptr) return status == JAMD_CLOSE ? After::close : After::keep_open;
    out.resize(reply.start);
    core::replies::internal_error(out);
    host_.log().warn(log::plugin_reply_broken,
                     "plugin {}: command {}: {}; the client got ERR internal error", host_.name(),
                     info().name, problem);
    return After::keep_open;
  }

 private:
  /// What is wrong with what run did, or nullptr (for a reply the fast path above did not
  /// take: a close, or one of a kind the check must name). Adds the "\r\n" to a good reply.
  static const char* problem_of(jamd_reply& reply, int status) {
    if (!reply.failure.empty()) return reply.failure.c_str();
    const std::size_t length = reply.out.size() - reply.start;
    switch (status) {
      case JAMD_OK:
        if (reply.too_long) return "the reply is longer than JAMD_MAX_REPLY_BYTES";
        // Before the "\r\n" is added, after which reply_problem would see a line.
        if (length == 0) return "no reply";
        reply.out.append("\r\n", 2);
        return commands::reply_problem(std::string_view(reply.out).substr(reply.start),
                                       After::keep_open);
      case JAMD_CLOSE:
        return length == 0 ? nullptr : "run replied and asked to close the session";
      case JAMD_ERROR:
        return "run returned JAMD_ERROR";
      default:
        reply.failure =
            fmt::format("run returned {}, which is no status of plugin ABI 1.0", status);
        return reply.failure.c_str();
    }
  }

  PluginHost& host_;
  const RegisteredType& type_;
  void* instance_;
  Graveyard& graveyard_;
  std::shared_ptr<const clock::ClockHealth> health_;  // null: the clock is never judged
};

}  // namespace

void Graveyard::bury(decltype(jamd_command_type_v1::destroy) destroy, void* instance) {
  if (destroy == nullptr) return;
  const std::lock_guard lock(mutex_);
  buried_.emplace_back(destroy, instance);
}

void Graveyard::destroy_all() {
  std::vector<std::pair<decltype(jamd_command_type_v1::destroy), void*>> buried;
  {
    const std::lock_guard lock(mutex_);
    buried.swap(buried_);
  }
  for (const auto& [destroy, instance] : buried) destroy(instance);
}

commands::CommandType command_type(PluginHost& host, void* state, const RegisteredType& type,
                                   Graveyard& graveyard) {
  auto factory = [&host, state, &type, &graveyard](
                     std::string_view name, commands::CommandOptions& options,
                     const commands::Services& services) -> std::unique_ptr<commands::Command> {
    jamd_options read{options, {}};
    jamd_error error{};
    void* instance = nullptr;
    int status = JAMD_OK;
    if (type.create != nullptr) {
      try {
        status = type.create(state, &read, &instance, &error);
      } catch (...) {
        std::snprintf(error.message, sizeof error.message, "%s",
                      "create threw an exception, which must not leave a plugin");
        status = JAMD_ERROR;
      }
    }
    if (status != JAMD_OK || options.failed()) {
      if (status == JAMD_OK) graveyard.bury(type.destroy, instance);
      error.message[sizeof error.message - 1] = '\0';
      options.refuse(
          "", fmt::format("plugin {}: create of type '{}' failed: {}", host.name(), type.name,
                          error.message[0] != '\0' ? error.message : "no reason given"));
      return nullptr;
    }
    return std::make_unique<PluginCommand>(
        commands::CommandInfo{std::string(name), type.min_args, type.max_args, type.arguments,
                              type.summary},
        host, type, instance, graveyard, services.clock_health);
  };
  return {host.name() + "." + type.name, std::move(factory), commands::ReplyCheck::by_command};
}

}  // namespace jamd::plugins
