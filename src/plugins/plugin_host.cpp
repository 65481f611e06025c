#include "plugins/plugin_host.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include <date/date.h>
#include <fmt/format.h>

#include "commands/time_zone.hpp"
#include "core/text.hpp"
#include "plugins/plugin_file.hpp"

/// The zone behind the plugin.h handle.
struct jamd_zone {
  jamd::commands::TimeZone zone;
};

namespace jamd::plugins {
namespace {

static_assert(JAMD_MAX_REPLY_BYTES + 2 == commands::kMaxReplyBytes);
static_assert(JAMD_MAX_ARGS == commands::Command::kMaxArgs);

// Set by host->now, read and reset by clock_was_read(): per thread, as a run is.
thread_local bool clock_read = false;

/// How many characters of an error message a reply keeps.
constexpr std::size_t kMaxErrorChars = 200;

// The host functions. None of them throws: an exception must not cross into C.

jamd_str keep(jamd_options* o, std::string text) {
  const std::string& kept = o->texts.emplace_back(std::move(text));
  return {kept.data(), kept.size()};
}

jamd_str option_string(jamd_options* o, const char* key, const char* fallback) noexcept try {
  return keep(o, o->options.text(key, fallback != nullptr ? fallback : ""));
} catch (...) {
  return {"", 0};
}

std::int64_t option_integer(jamd_options* o, const char* key, std::int64_t fallback,
                            std::int64_t min, std::int64_t max) noexcept try {
  return o->options.integer(key, fallback, min, max);
} catch (...) {
  return fallback;
}

int option_boolean(jamd_options* o, const char* key, int fallback) noexcept try {
  return o->options.boolean(key, fallback != 0) ? 1 : 0;
} catch (...) {
  return fallback;
}

jamd_str option_json(jamd_options* o) noexcept try {
  return keep(o, o->options.json());
} catch (...) {
  return {"{}", 2};
}

void option_refuse(jamd_options* o, const char* key, const char* reason) noexcept try {
  o->options.refuse(key != nullptr ? key : "", reason != nullptr ? reason : "refused");
} catch (...) {
}

int reply_append(jamd_reply* r, const char* data, std::size_t size) noexcept try {
  if (r->too_long || r->out.size() - r->start + size > JAMD_MAX_REPLY_BYTES) {
    r->too_long = true;
    return JAMD_ERROR;
  }
  r->out.append(data, size);
  return JAMD_OK;
} catch (...) {
  r->failure = "out of memory";
  return JAMD_ERROR;
}

int reply_error(jamd_reply* r, const char* message, std::size_t size) noexcept try {
  r->out.resize(r->start);
  r->too_long = false;
  r->out += "ERR ";
  r->out += core::sanitize(std::string_view(message, size), kMaxErrorChars);
  return JAMD_OK;
} catch (...) {
  r->failure = "out of memory";
  return JAMD_ERROR;
}

int reply_internal_error(jamd_reply* r, const char* reason) noexcept try {
  r->failure = reason != nullptr && *reason != '\0' ? reason : "it gave no reason";
  return JAMD_OK;
} catch (...) {
  return JAMD_OK;
}

const jamd_zone* find_zone(const char* name) noexcept try {
  // Zones live until the process ends, as the header promises: one per name, made once.
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<jamd_zone>, std::less<>> zones;
  if (name == nullptr) return nullptr;
  const std::lock_guard lock(mutex);
  if (const auto it = zones.find(name); it != zones.end()) return it->second.get();
  const std::optional<commands::TimeZone> zone = commands::TimeZone::find(name);
  if (!zone) return nullptr;
  return zones.emplace(name, std::make_unique<jamd_zone>(jamd_zone{*zone})).first->second.get();
} catch (...) {
  return nullptr;
}

int local_time(const jamd_zone* zone, std::int64_t unix_seconds, jamd_local_time* out) noexcept
    try {
  using namespace std::chrono;
  constexpr std::int64_t kTenThousandYears = 315'576'000'000;
  if (zone == nullptr || out == nullptr || unix_seconds > kTenThousandYears ||
      unix_seconds < -kTenThousandYears) {
    return JAMD_ERROR;
  }
  const commands::SysSeconds instant{seconds(unix_seconds)};
  const seconds offset = zone->zone.offset(instant);
  const auto local = instant + offset;
  const auto day = floor<days>(local);
  const date::year_month_day ymd{day};
  const auto of_day = local - day;
  const auto new_year = date::sys_days{ymd.year() / date::January / 1};
  *out = jamd_local_time{
      static_cast<int>(ymd.year()),
      static_cast<std::int32_t>(static_cast<unsigned>(ymd.month())),
      static_cast<std::int32_t>(static_cast<unsigned>(ymd.day())),
      static_cast<std::int32_t>(of_day.count() / 3600),
      static_cast<std::int32_t>(of_day.count() / 60 % 60),
      static_cast<std::int32_t>(of_day.count() % 60),
      static_cast<std::int32_t>(date::weekday{day}.c_encoding()),
      static_cast<std::int32_t>((day - new_year).count() + 1),
      static_cast<std::int32_t>(offset.count()),
  };
  return JAMD_OK;
} catch (...) {
  return JAMD_ERROR;
}

log::Level spdlog_level(int level) {
  switch (level) {
    case JAMD_LOG_DEBUG:
      return log::Level::debug;
    case JAMD_LOG_INFO:
      return log::Level::info;
    case JAMD_LOG_WARN:
      return log::Level::warn;
    default:
      return log::Level::err;
  }
}

}  // namespace

PluginHost::PluginHost(std::string name, commands::Services services)
    : name_(std::move(name)), services_(std::move(services)) {
  jamd_host_v1& t = table_.table;
  t = {};
  t.struct_size = sizeof t;
  t.abi_major = JAMD_PLUGIN_ABI_MAJOR;
  t.abi_minor = JAMD_PLUGIN_ABI_MINOR;
  t.version = JAMD_VERSION;
  t.register_type = &PluginHost::register_type;
  t.option_string = &option_string;
  t.option_integer = &option_integer;
  t.option_boolean = &option_boolean;
  t.option_json = &option_json;
  t.option_refuse = &option_refuse;
  t.reply_append = &reply_append;
  t.reply_error = &reply_error;
  t.reply_internal_error = &reply_internal_error;
  t.log = &PluginHost::log_line;
  t.now = &PluginHost::now;
  t.find_zone = &find_zone;
  t.local_time = &local_time;
  table_.owner = this;
}

PluginHost& PluginHost::of(const jamd_host_v1* table) {
  return *reinterpret_cast<const Table*>(table)->owner;
}

PluginHost::InitResult PluginHost::init(const jamd_plugin_v1& descriptor, jamd_options& options,
                                        void** state) {
  jamd_error error{};
  registering_ = true;
  int status = JAMD_ERROR;
  try {
    status = descriptor.init(table(), &options, state, &error);
  } catch (...) {
    std::snprintf(error.message, sizeof error.message, "%s",
                  "init threw an exception, which must not leave a plugin");
  }
  registering_ = false;
  if (status != JAMD_OK) {
    error.message[sizeof error.message - 1] = '\0';
    types_.clear();
    // An init that fails because a type was refused may well say nothing more: the refusal
    // is the reason then.
    if (error.message[0] == '\0' && !problem_.empty()) return {false, problem_};
    return {false, std::string("init failed: ") +
                       (error.message[0] != '\0' ? error.message : "it gave no reason")};
  }
  return {true, problem_};
}

std::string PluginHost::problem_of(const jamd_command_type_v1* type) const {
  if (type == nullptr) return "it registered a NULL type";
  if (type->struct_size < sizeof(jamd_command_type_v1)) {
    return fmt::format(
        "it registered a type of {} bytes, but plugin ABI 1.0 makes it {}: "
        "rebuild it against this jamd's jamd/plugin.h",
        type->struct_size, sizeof(jamd_command_type_v1));
  }
  const std::string name = type->name != nullptr ? type->name : "";
  if (!is_plugin_name(name)) {
    return "its type name '" + core::sanitize(name) +
           "' is not valid: a lowercase letter, then up to 31 lowercase letters, digits or '_'";
  }
  for (const RegisteredType& t : types_) {
    if (t.name == name) return "it registers type '" + name + "' twice";
  }
  if (type->min_args > type->max_args) {
    return fmt::format("type '{}': min_args {} is more than max_args {}", name, type->min_args,
                       type->max_args);
  }
  if (type->max_args > JAMD_MAX_ARGS) {
    return fmt::format("type '{}': max_args {} is more than JAMD_MAX_ARGS ({})", name,
                       type->max_args, JAMD_MAX_ARGS);
  }
  if (type->run == nullptr) return "type '" + name + "' has no run function";
  return "";
}

int PluginHost::register_type(const jamd_host_v1* table, const jamd_command_type_v1* type) noexcept
    try {
  PluginHost& host = of(table);
  if (!host.registering_) {
    host.log_.warn(log::plugin_register_late,
                   "plugin {}: register_type was called outside init; type '{}' is not added",
                   host.name_, type != nullptr && type->name != nullptr ? type->name : "");
    return JAMD_ERROR;
  }
  if (std::string problem = host.problem_of(type); !problem.empty()) {
    if (host.problem_.empty()) host.problem_ = std::move(problem);
    return JAMD_ERROR;
  }
  host.types_.push_back({type->name, type->arguments != nullptr ? type->arguments : "",
                         type->summary != nullptr ? type->summary : "", type->min_args,
                         type->max_args, type->create, type->run, type->destroy});
  return JAMD_OK;
} catch (...) {
  return JAMD_ERROR;
}

void PluginHost::log_line(const jamd_host_v1* table, int level, const char* message) noexcept try {
  PluginHost& host = of(table);
  host.log_.log(spdlog_level(level), log::plugin_log, "plugin {}: {}", host.name_,
                core::sanitize(message != nullptr ? message : "", 1000));
} catch (...) {
}

bool clock_was_read() {
  return std::exchange(clock_read, false);
}

std::int64_t PluginHost::now(const jamd_host_v1* table) noexcept try {
  using namespace std::chrono;
  clock_read = true;
  return duration_cast<nanoseconds>(of(table).services_.clock().time_since_epoch()).count();
} catch (...) {
  return 0;
}

}  // namespace jamd::plugins
