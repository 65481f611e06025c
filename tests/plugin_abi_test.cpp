// The freeze of plugin ABI 1.0 (include/jamd/plugin.h): the size and place of every field of
// every v1 struct on x86_64, the type of every field and function pointer, and the value of
// every macro and enum. A plugin built against 1.0 must load in every jamd of major 1: a later
// minor only appends, so none of these may ever change. Each is a static_assert, which stops
// the build, and a test expectation, which names it in the test report.

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "jamd/plugin.h"

namespace {

// X(expression, value) for every size and offset, on x86_64.
#define JAMD_V1_LAYOUT(X)                             \
  X(sizeof(jamd_str), 16)                             \
  X(offsetof(jamd_str, data), 0)                      \
  X(offsetof(jamd_str, size), 8)                      \
  X(sizeof(jamd_error), 256)                          \
  X(offsetof(jamd_error, message), 0)                 \
  X(sizeof(jamd_error::message), 256)                 \
  X(sizeof(jamd_local_time), 36)                      \
  X(offsetof(jamd_local_time, year), 0)               \
  X(offsetof(jamd_local_time, month), 4)              \
  X(offsetof(jamd_local_time, day), 8)                \
  X(offsetof(jamd_local_time, hour), 12)              \
  X(offsetof(jamd_local_time, minute), 16)            \
  X(offsetof(jamd_local_time, second), 20)            \
  X(offsetof(jamd_local_time, weekday), 24)           \
  X(offsetof(jamd_local_time, yearday), 28)           \
  X(offsetof(jamd_local_time, utc_offset), 32)        \
  X(sizeof(jamd_command_type_v1), 64)                 \
  X(offsetof(jamd_command_type_v1, struct_size), 0)   \
  X(offsetof(jamd_command_type_v1, name), 8)          \
  X(offsetof(jamd_command_type_v1, arguments), 16)    \
  X(offsetof(jamd_command_type_v1, summary), 24)      \
  X(offsetof(jamd_command_type_v1, min_args), 32)     \
  X(offsetof(jamd_command_type_v1, max_args), 36)     \
  X(offsetof(jamd_command_type_v1, create), 40)       \
  X(offsetof(jamd_command_type_v1, run), 48)          \
  X(offsetof(jamd_command_type_v1, destroy), 56)      \
  X(sizeof(jamd_host_v1), 120)                        \
  X(offsetof(jamd_host_v1, struct_size), 0)           \
  X(offsetof(jamd_host_v1, abi_major), 4)             \
  X(offsetof(jamd_host_v1, abi_minor), 6)             \
  X(offsetof(jamd_host_v1, version), 8)               \
  X(offsetof(jamd_host_v1, register_type), 16)        \
  X(offsetof(jamd_host_v1, option_string), 24)        \
  X(offsetof(jamd_host_v1, option_integer), 32)       \
  X(offsetof(jamd_host_v1, option_boolean), 40)       \
  X(offsetof(jamd_host_v1, option_json), 48)          \
  X(offsetof(jamd_host_v1, option_refuse), 56)        \
  X(offsetof(jamd_host_v1, reply_append), 64)         \
  X(offsetof(jamd_host_v1, reply_error), 72)          \
  X(offsetof(jamd_host_v1, reply_internal_error), 80) \
  X(offsetof(jamd_host_v1, log), 88)                  \
  X(offsetof(jamd_host_v1, now), 96)                  \
  X(offsetof(jamd_host_v1, find_zone), 104)           \
  X(offsetof(jamd_host_v1, local_time), 112)          \
  X(sizeof(jamd_plugin_v1), 48)                       \
  X(offsetof(jamd_plugin_v1, magic), 0)               \
  X(offsetof(jamd_plugin_v1, abi_major), 4)           \
  X(offsetof(jamd_plugin_v1, abi_minor), 6)           \
  X(offsetof(jamd_plugin_v1, struct_size), 8)         \
  X(offsetof(jamd_plugin_v1, name), 16)               \
  X(offsetof(jamd_plugin_v1, version), 24)            \
  X(offsetof(jamd_plugin_v1, init), 32)               \
  X(offsetof(jamd_plugin_v1, fini), 40)

// X(expression, value) for every macro and enum value.
#define JAMD_V1_VALUES(X)          \
  X(JAMD_PLUGIN_MAGIC, 0x4A414D44) \
  X(JAMD_PLUGIN_ABI_MAJOR, 1)      \
  X(JAMD_PLUGIN_ABI_MINOR, 0)      \
  X(JAMD_MAX_ARGS, 8)              \
  X(JAMD_MAX_REPLY_BYTES, 16382)   \
  X(JAMD_OK, 0)                    \
  X(JAMD_ERROR, -1)                \
  X(JAMD_CLOSE, 1)                 \
  X(JAMD_DEFERRED, 2)              \
  X(JAMD_LOG_DEBUG, 0)             \
  X(JAMD_LOG_INFO, 1)              \
  X(JAMD_LOG_WARN, 2)              \
  X(JAMD_LOG_ERROR, 3)

#define JAMD_SPELL_TOKEN(token) #token
#define JAMD_SPELL(macro) JAMD_SPELL_TOKEN(macro)

#define JAMD_STATIC_CHECK(expression, value) \
  static_assert(static_cast<long long>(expression) == (value), #expression);

#if defined(__x86_64__)
JAMD_V1_LAYOUT(JAMD_STATIC_CHECK)
#endif
JAMD_V1_VALUES(JAMD_STATIC_CHECK)

// The type of every field: a change of a function's parameters moves no offset.
template <typename Field, typename Frozen>
constexpr bool kIs = std::is_same_v<Field, Frozen>;

static_assert(kIs<decltype(jamd_str::data), const char*>);
static_assert(kIs<decltype(jamd_str::size), std::size_t>);
static_assert(kIs<decltype(jamd_error::message), char[256]>);
static_assert(kIs<decltype(jamd_local_time::year), std::int32_t>);
static_assert(kIs<decltype(jamd_local_time::utc_offset), std::int32_t>);

static_assert(kIs<decltype(jamd_command_type_v1::struct_size), std::uint32_t>);
static_assert(kIs<decltype(jamd_command_type_v1::name), const char*>);
static_assert(kIs<decltype(jamd_command_type_v1::arguments), const char*>);
static_assert(kIs<decltype(jamd_command_type_v1::summary), const char*>);
static_assert(kIs<decltype(jamd_command_type_v1::min_args), std::uint32_t>);
static_assert(kIs<decltype(jamd_command_type_v1::max_args), std::uint32_t>);
static_assert(kIs<decltype(jamd_command_type_v1::create),
                  int (*)(void*, jamd_options*, void**, jamd_error*)>);
static_assert(kIs<decltype(jamd_command_type_v1::run),
                  int (*)(void*, const jamd_str*, std::size_t, jamd_reply*)>);
static_assert(kIs<decltype(jamd_command_type_v1::destroy), void (*)(void*)>);

static_assert(kIs<decltype(jamd_host_v1::struct_size), std::uint32_t>);
static_assert(kIs<decltype(jamd_host_v1::abi_major), std::uint16_t>);
static_assert(kIs<decltype(jamd_host_v1::abi_minor), std::uint16_t>);
static_assert(kIs<decltype(jamd_host_v1::version), const char*>);
static_assert(kIs<decltype(jamd_host_v1::register_type),
                  int (*)(const jamd_host_v1*, const jamd_command_type_v1*)>);
static_assert(kIs<decltype(jamd_host_v1::option_string),
                  jamd_str (*)(jamd_options*, const char*, const char*)>);
static_assert(
    kIs<decltype(jamd_host_v1::option_integer),
        std::int64_t (*)(jamd_options*, const char*, std::int64_t, std::int64_t, std::int64_t)>);
static_assert(
    kIs<decltype(jamd_host_v1::option_boolean), int (*)(jamd_options*, const char*, int)>);
static_assert(kIs<decltype(jamd_host_v1::option_json), jamd_str (*)(jamd_options*)>);
static_assert(
    kIs<decltype(jamd_host_v1::option_refuse), void (*)(jamd_options*, const char*, const char*)>);
static_assert(
    kIs<decltype(jamd_host_v1::reply_append), int (*)(jamd_reply*, const char*, std::size_t)>);
static_assert(
    kIs<decltype(jamd_host_v1::reply_error), int (*)(jamd_reply*, const char*, std::size_t)>);
static_assert(kIs<decltype(jamd_host_v1::reply_internal_error), int (*)(jamd_reply*, const char*)>);
static_assert(kIs<decltype(jamd_host_v1::log), void (*)(const jamd_host_v1*, int, const char*)>);
static_assert(kIs<decltype(jamd_host_v1::now), std::int64_t (*)(const jamd_host_v1*)>);
static_assert(kIs<decltype(jamd_host_v1::find_zone), const jamd_zone* (*)(const char*)>);
static_assert(kIs<decltype(jamd_host_v1::local_time),
                  int (*)(const jamd_zone*, std::int64_t, jamd_local_time*)>);

static_assert(kIs<decltype(jamd_plugin_v1::magic), std::uint32_t>);
static_assert(kIs<decltype(jamd_plugin_v1::abi_major), std::uint16_t>);
static_assert(kIs<decltype(jamd_plugin_v1::abi_minor), std::uint16_t>);
static_assert(kIs<decltype(jamd_plugin_v1::struct_size), std::uint32_t>);
static_assert(kIs<decltype(jamd_plugin_v1::name), const char*>);
static_assert(kIs<decltype(jamd_plugin_v1::version), const char*>);
static_assert(kIs<decltype(jamd_plugin_v1::init),
                  int (*)(const jamd_host_v1*, jamd_options*, void**, jamd_error*)>);
static_assert(kIs<decltype(jamd_plugin_v1::fini), void (*)(void*)>);

TEST(PluginAbi, EveryV1StructKeepsItsSizeAndTheOffsetOfEveryField) {
#if defined(__x86_64__)
#define JAMD_EXPECT(expression, value) \
  EXPECT_EQ(static_cast<long long>(expression), (value)) << #expression;
  JAMD_V1_LAYOUT(JAMD_EXPECT)
#undef JAMD_EXPECT
#else
  GTEST_SKIP() << "the frozen layout is that of x86_64";
#endif
}

TEST(PluginAbi, EveryMacroAndEnumKeepsItsValue) {
#define JAMD_EXPECT(expression, value) \
  EXPECT_EQ(static_cast<long long>(expression), (value)) << #expression;
  JAMD_V1_VALUES(JAMD_EXPECT)
#undef JAMD_EXPECT
  EXPECT_STREQ(JAMD_PLUGIN_SYMBOL_NAME, "jamd_plugin_descriptor_v1");
  EXPECT_STREQ(JAMD_SPELL(JAMD_PLUGIN_SYMBOL), JAMD_PLUGIN_SYMBOL_NAME);
}

}  // namespace
