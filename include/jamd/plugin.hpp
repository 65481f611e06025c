// jamd/plugin.hpp: a C++17 layer over jamd/plugin.h, header-only, for plugins written in C++.
// A command is a class; the plugin is one macro and a function that registers the classes:
//
//   class Echo final : public jamd::plugin::Command {
//    public:
//     explicit Echo(jamd::plugin::Options& options) : upper_(options.boolean("upper", false)) {}
//     jamd::plugin::After run(jamd::plugin::Args args, jamd::plugin::Reply& reply) const override;
//    private:
//     bool upper_;
//   };
//   void setup(jamd::plugin::Setup& plugin) {
//     plugin.add<Echo>("echo", "[word...]", "replies with its words", 0, JAMD_MAX_ARGS);
//   }
//   JAMD_CPP_PLUGIN("words", "1.0.0", setup);
//
// Every rule of plugin.h holds: run is called from many threads at once, so it is const and
// must not block. Nothing C++ crosses the C boundary: an exception thrown by a constructor
// (or by setup) fails the start or reload with its what() text; one thrown by run gives the
// client "ERR internal error" and the log a warning naming the plugin, the command and the
// exception.

#ifndef JAMD_PLUGIN_HPP
#define JAMD_PLUGIN_HPP

#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "jamd/plugin.h"

namespace jamd::plugin {

/// The host table jamd gave this plugin's init: valid until the process ends.
inline const jamd_host_v1*& host() {
  static const jamd_host_v1* table = nullptr;
  return table;
}

/// What the session does after run.
enum class After { keep_open, close };

/// The words after the command's name, borrowed for the run.
class Args {
 public:
  Args(const jamd_str* args, std::size_t count) : args_(args), count_(count) {}
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::string_view operator[](std::size_t i) const { return {args_[i].data, args_[i].size}; }

 private:
  const jamd_str* args_;
  std::size_t count_;
};

/// The reply that run writes: text appended to one line, or an error.
class Reply {
 public:
  explicit Reply(jamd_reply* reply) : reply_(reply) {}
  /// Appends `text`; false once the reply is longer than JAMD_MAX_REPLY_BYTES.
  bool append(std::string_view text) {
    return host()->reply_append(reply_, text.data(), text.size()) == JAMD_OK;
  }
  /// Replaces the reply by "ERR <message>", the message sanitised.
  void error(std::string_view message) {
    host()->reply_error(reply_, message.data(), message.size());
  }

 private:
  jamd_reply* reply_;
};

/// The options of the plugin (in setup) or of one command entry (in a constructor). A value
/// of the wrong kind is a config error that jamd reports; the getter then gives `fallback`.
class Options {
 public:
  explicit Options(jamd_options* options) : options_(options) {}
  std::string_view text(const char* key, const char* fallback) {
    const jamd_str s = host()->option_string(options_, key, fallback);
    return {s.data, s.size};
  }
  std::int64_t integer(const char* key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
    return host()->option_integer(options_, key, fallback, min, max);
  }
  bool boolean(const char* key, bool fallback) {
    return host()->option_boolean(options_, key, fallback ? 1 : 0) != 0;
  }
  /// Every option as one JSON object text; each is then read.
  std::string_view json() {
    const jamd_str s = host()->option_json(options_);
    return {s.data, s.size};
  }
  void refuse(const char* key, const char* reason) { host()->option_refuse(options_, key, reason); }

 private:
  jamd_options* options_;
};

/// A command. A class C derived from it has a constructor C(Options&) and overrides run.
class Command {
 public:
  virtual ~Command() = default;
  virtual After run(Args args, Reply& reply) const = 0;
};

namespace detail {

/// Runs `body`: JAMD_OK, or JAMD_ERROR with what it threw written into `error`.
template <typename F>
int reporting(jamd_error* error, F body) noexcept {
  try {
    body();
    return JAMD_OK;
  } catch (const std::exception& e) {
    std::snprintf(error->message, sizeof error->message, "%s", e.what());
  } catch (...) {
    std::snprintf(error->message, sizeof error->message, "%s",
                  "an exception that is not a std::exception");
  }
  return JAMD_ERROR;
}

template <typename C>
int create(void*, jamd_options* options, void** instance, jamd_error* error) noexcept {
  return reporting(error, [&] {
    Options read(options);
    *instance = static_cast<Command*>(new C(read));
  });
}

inline int run(void* instance, const jamd_str* args, std::size_t count,
               jamd_reply* reply) noexcept {
  try {
    Reply out(reply);
    return static_cast<const Command*>(instance)->run(Args(args, count), out) == After::close
               ? JAMD_CLOSE
               : JAMD_OK;
  } catch (const std::exception& e) {
    const std::string reason = std::string("threw: ") + e.what();
    host()->reply_internal_error(reply, reason.c_str());
  } catch (...) {
    host()->reply_internal_error(reply, "threw an exception that is not a std::exception");
  }
  return JAMD_OK;
}

inline void destroy(void* instance) noexcept {
  delete static_cast<Command*>(instance);
}

}  // namespace detail

/// What setup is given: the plugin's options, and the means to add its command types.
class Setup {
 public:
  explicit Setup(jamd_options* options) : options_(options) {}
  Options& options() { return options_; }

  /// Adds the command type `name` (in the config: "<plugin>.<name>"), whose instances are
  /// C objects. False when jamd refused it (the start or reload then fails and says why).
  template <typename C>
  bool add(const char* name, const char* arguments, const char* summary, std::uint32_t min_args,
           std::uint32_t max_args) {
    jamd_command_type_v1 type{};
    type.struct_size = sizeof type;
    type.name = name;
    type.arguments = arguments;
    type.summary = summary;
    type.min_args = min_args;
    type.max_args = max_args;
    type.create = &detail::create<C>;
    type.run = &detail::run;
    type.destroy = &detail::destroy;
    return host()->register_type(host(), &type) == JAMD_OK;
  }

 private:
  Options options_;
};

namespace detail {

template <typename F>
int init(const jamd_host_v1* table, jamd_options* options, jamd_error* error, F setup) noexcept {
  host() = table;
  return reporting(error, [&] {
    Setup plugin(options);
    setup(plugin);
  });
}

}  // namespace detail

/// Logs `message` as "plugin <name>: <message>" (at most 10 lines a second).
inline void log(int level, const std::string& message) {
  host()->log(host(), level, message.c_str());
}

}  // namespace jamd::plugin

/// Defines the plugin `name` at `version`, whose init calls `setup(jamd::plugin::Setup&)`.
#define JAMD_CPP_PLUGIN(name, version, setup)                                              \
  static int jamd_cpp_plugin_init(const jamd_host_v1* host, jamd_options* options, void**, \
                                  jamd_error* error) {                                     \
    return ::jamd::plugin::detail::init(host, options, error, setup);                      \
  }                                                                                        \
  JAMD_PLUGIN(name, version, jamd_cpp_plugin_init, nullptr)

#endif  // JAMD_PLUGIN_HPP
