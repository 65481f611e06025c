/* jamd/plugin.h: the whole interface between jamd and a command plugin, version 1.0.
 *
 * THE CONTRACT. A plugin is a shared object that jamd loads at start or on SIGHUP, and it is
 * trusted code: it runs inside jamd, and a crash in it is a crash of jamd. jamd calls init,
 * create, destroy and fini on its one control thread (the main thread, which also reads the
 * config), never two of them at once. It calls run on its I/O threads, on any of them, for
 * many sessions at once, also while the control thread calls create for new instances. So
 * run must be safe to call concurrently, and must not block, sleep, wait on a lock held for
 * long, do I/O, or throw: every other client on that thread waits while it runs. Everything
 * jamd lends a plugin (argument texts, option values, the reply, the error buffer) is valid
 * only during the call it is given to, unless this file says otherwise. jamd never frees
 * memory the plugin allocated, nor the other way round. Do no work in static constructors:
 * they run when the file is opened, before jamd has checked it.
 *
 * THE LIFECYCLE.
 * - The plugin defines one data symbol with JAMD_PLUGIN(...), its descriptor. jamd checks it
 *   before it calls any plugin function: the magic number, ABI major equal to jamd's, minor
 *   no higher than jamd's, the descriptor's size, the name's syntax and that no other plugin
 *   has that name. A file that fails a check is closed again.
 * - init, once per plugin and process, when a config first lists the plugin. It gets the
 *   host table (valid until the process ends), the plugin's options, and a place for a state
 *   pointer. It registers the plugin's command types; register_type works only during init.
 *   On failure it writes a reason into `error`, returns JAMD_ERROR, and must have released
 *   what it took: a later reload may call init again.
 * - Once init has run, the file is never closed. A plugin that a later config no longer lists
 *   loses its commands but keeps its state; listed again, it is not initialised again. A
 *   plugin loaded during a reload that then failed (for another reason) stays initialised.
 * - create, once per command entry of the config that uses one of the plugin's types, at
 *   start and on every reload that lists it; destroy, on the control thread, after the last
 *   run on that instance has returned (at the reload after the one that dropped the entry, or
 *   at exit).
 * - fini, once at exit, after the last session is gone and every instance destroyed, for
 *   every plugin whose init succeeded; it should free what init took.
 *
 * VERSIONS. A later minor version of this ABI only appends: fields at the end of the
 * structs, functions at the end of the host table, new values of the enums. A plugin built
 * against minor N loads in any jamd of the same major whose minor is N or more; it may use a
 * host function added in minor M only when host->abi_minor >= M. A new major is a new symbol
 * name (jamd_plugin_v2), so that one jamd could serve both.
 *
 * LATER: replies completed after run returns (a command that waits on something slow) would
 * come as a new minor: a host function `reply_defer` that run calls to get a handle, run
 * returning JAMD_DEFERRED (the value is reserved below), and a host function that completes
 * the handle from any thread with text or an error. Nothing of it exists in 1.0.
 */
#ifndef JAMD_PLUGIN_H
#define JAMD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JAMD_PLUGIN_MAGIC 0x4A414D44u /* "JAMD" */
#define JAMD_PLUGIN_ABI_MAJOR 1
#define JAMD_PLUGIN_ABI_MINOR 0
/* The most arguments a command takes after its name. */
#define JAMD_MAX_ARGS 8

/* What the functions of both sides return. */
enum jamd_status {
  JAMD_OK = 0,      /* done; from run: the reply is written, the session stays open */
  JAMD_ERROR = -1,  /* failed; from run: the client gets "ERR internal error" */
  JAMD_CLOSE = 1,   /* from run only: end the session, with no reply (as QUIT does) */
  JAMD_DEFERRED = 2 /* reserved for a later minor (see LATER above); 1.0 refuses it */
};

/* The levels of host->log. */
enum jamd_log_level {
  JAMD_LOG_DEBUG = 0,
  JAMD_LOG_INFO = 1,
  JAMD_LOG_WARN = 2,
  JAMD_LOG_ERROR = 3
};

/* A text that is not NUL-terminated, borrowed. */
typedef struct jamd_str {
  const char* data;
  size_t size;
} jamd_str;

/* Where init and create write why they failed, as a NUL-terminated text: jamd prints it. */
typedef struct jamd_error {
  char message[256];
} jamd_error;

/* A broken-down time of day, from host->local_time. */
typedef struct jamd_local_time {
  int32_t year;       /* such as 2026 */
  int32_t month;      /* 1 to 12 */
  int32_t day;        /* 1 to 31 */
  int32_t hour;       /* 0 to 23 */
  int32_t minute;     /* 0 to 59 */
  int32_t second;     /* 0 to 59 */
  int32_t weekday;    /* 0 (Sunday) to 6 (Saturday) */
  int32_t yearday;    /* 1 to 366 */
  int32_t utc_offset; /* seconds east of UTC */
} jamd_local_time;

/* Opaque and owned by jamd. */
typedef struct jamd_options jamd_options; /* the options of a plugin or a command entry */
typedef struct jamd_reply jamd_reply;     /* the reply that run writes */
typedef struct jamd_zone jamd_zone;       /* a time zone, valid until the process ends */

/* One command type that a plugin registers. In the config it is "<plugin>.<name>". */
typedef struct jamd_command_type_v1 {
  uint32_t struct_size;  /* sizeof(jamd_command_type_v1) */
  const char* name;      /* [a-z][a-z0-9_]*, unique in the plugin */
  const char* arguments; /* how the arguments read in HELP, such as "[word...]"; may be "" */
  const char* summary;   /* one line for HELP */
  uint32_t min_args;     /* arguments after the command's name; jamd checks the count */
  uint32_t max_args;     /* at most JAMD_MAX_ARGS */
  /* Makes an instance for one command entry, reading its options. On failure: write into
   * `error` and return JAMD_ERROR, or refuse an option with host->option_refuse. */
  int (*create)(void* plugin_state, jamd_options* options, void** instance, jamd_error* error);
  /* Runs the command: `args` are the `count` words after the name. Writes exactly one reply
   * through host->reply_append or host->reply_error and returns JAMD_OK, or writes nothing
   * and returns JAMD_CLOSE. jamd adds "\r\n" and checks the rest: a reply that is empty,
   * holds "\r" or "\n" or a control character, is not UTF-8 or is longer than
   * JAMD_MAX_REPLY_BYTES, or another return value, becomes "ERR internal error" with a
   * warning in the log naming the plugin and the command. */
  int (*run)(void* instance, const jamd_str* args, size_t count, jamd_reply* reply);
  /* Frees an instance; may be NULL. */
  void (*destroy)(void* instance);
} jamd_command_type_v1;

/* The most bytes of one reply, without the "\r\n" that jamd adds. */
#define JAMD_MAX_REPLY_BYTES 16382

/* What jamd offers a plugin: one table per plugin, valid until the process ends. */
typedef struct jamd_host_v1 {
  uint32_t struct_size; /* of this table in the running jamd */
  uint16_t abi_major;   /* JAMD_PLUGIN_ABI_MAJOR of the running jamd */
  uint16_t abi_minor;   /* its minor: the host functions it has */
  const char* version;  /* jamd's version, such as "1.0.0", for logs */

  /* During init only: adds a command type, copying what `type` says. Returns JAMD_OK; or
   * JAMD_ERROR for a type that is not valid (the start or reload then fails and says why),
   * and outside init (with a warning in the log; the type is not added). */
  int (*register_type)(const struct jamd_host_v1* host, const jamd_command_type_v1* type);

  /* Options, during init (the plugin's "options") and create (the command entry's other
   * keys). Each getter marks its key as read: jamd refuses a key that no one read, so that a
   * typo is an error. A value of the wrong kind or out of range is recorded as a config
   * error naming its key, and the getter returns `fallback`; jamd then fails the entry
   * whatever create returns. A text stays valid until init or create returns. */
  jamd_str (*option_string)(jamd_options* options, const char* key, const char* fallback);
  int64_t (*option_integer)(jamd_options* options, const char* key, int64_t fallback, int64_t min,
                            int64_t max);
  int (*option_boolean)(jamd_options* options, const char* key, int fallback);
  /* Every option as one JSON object text, and every one marked read. */
  jamd_str (*option_json)(jamd_options* options);
  /* Refuses option `key` for `reason`, as a config error naming the key. */
  void (*option_refuse)(jamd_options* options, const char* key, const char* reason);

  /* During run only. reply_append adds `size` bytes to the reply line, or returns JAMD_ERROR
   * and adds nothing when the reply would grow past JAMD_MAX_REPLY_BYTES (the client then
   * gets "ERR internal error"). reply_error replaces the reply by "ERR <message>", with the
   * message sanitised as jamd's echoes are (a control character or bad UTF-8 becomes U+FFFD,
   * and more than 200 characters are cut to "..."). */
  int (*reply_append)(jamd_reply* reply, const char* data, size_t size);
  int (*reply_error)(jamd_reply* reply, const char* message, size_t size);
  /* Discards the reply: the client gets "ERR internal error", and a warning in the log names
   * the plugin, the command and `reason`. For the plugin's own failures, never the client's
   * mistakes (those are reply_error). Returns JAMD_OK. */
  int (*reply_internal_error)(jamd_reply* reply, const char* reason);

  /* Any time, any thread: a line in jamd's log, "plugin <name>: <message>", at most 10 a
   * second per plugin. */
  void (*log)(const struct jamd_host_v1* host, int level, const char* message);

  /* Any time, any thread: the time now on the clock that TIME uses, in nanoseconds since
   * 1970-01-01 UTC. It may lag the real time by a few milliseconds. */
  int64_t (*now)(const struct jamd_host_v1* host);

  /* During init or create: the zone "local" (the server's own, as TIME has it), "UTC", or
   * an IANA name such as "Asia/Jakarta"; NULL for a name jamd does not know. */
  const jamd_zone* (*find_zone)(const char* name);
  /* Any time, any thread: the time `unix_seconds` in `zone`, broken down. JAMD_OK, or
   * JAMD_ERROR for an instant the zone cannot place. */
  int (*local_time)(const jamd_zone* zone, int64_t unix_seconds, jamd_local_time* out);
} jamd_host_v1;

/* The descriptor: the one symbol a plugin exports, checked before any plugin code runs. */
typedef struct jamd_plugin_v1 {
  uint32_t magic;       /* JAMD_PLUGIN_MAGIC; these first four fields protect the rest */
  uint16_t abi_major;   /* JAMD_PLUGIN_ABI_MAJOR that the plugin was built with */
  uint16_t abi_minor;   /* JAMD_PLUGIN_ABI_MINOR that the plugin was built with */
  uint32_t struct_size; /* sizeof(jamd_plugin_v1) */
  const char* name;     /* [a-z][a-z0-9_]*, unique among the plugins jamd has loaded */
  const char* version;  /* the plugin's own version, free-form, for the log */
  /* See THE LIFECYCLE. `plugin_state` starts as NULL; what init leaves there is passed to
   * create and fini. */
  int (*init)(const jamd_host_v1* host, jamd_options* options, void** plugin_state,
              jamd_error* error);
  void (*fini)(void* plugin_state); /* may be NULL */
} jamd_plugin_v1;

/* The name of the descriptor's symbol; the number is the ABI major. */
#define JAMD_PLUGIN_SYMBOL jamd_plugin_descriptor_v1
#define JAMD_PLUGIN_SYMBOL_NAME "jamd_plugin_descriptor_v1"

#ifdef __cplusplus
#define JAMD_PLUGIN_EXTERN extern "C"
#else
#define JAMD_PLUGIN_EXTERN extern
#endif

/* Defines the descriptor, exported even under -fvisibility=hidden, such as
 *   JAMD_PLUGIN("tanggal", "1.0.0", tanggal_init, NULL);
 * at file scope, in exactly one source file of the plugin. */
#define JAMD_PLUGIN(name, version, init, fini)                       \
  JAMD_PLUGIN_EXTERN __attribute__((visibility("default")))          \
  const jamd_plugin_v1 JAMD_PLUGIN_SYMBOL;                           \
  const jamd_plugin_v1 JAMD_PLUGIN_SYMBOL = {JAMD_PLUGIN_MAGIC,      \
                                             JAMD_PLUGIN_ABI_MAJOR,  \
                                             JAMD_PLUGIN_ABI_MINOR,  \
                                             sizeof(jamd_plugin_v1), \
                                             (name),                 \
                                             (version),              \
                                             (init),                 \
                                             (fini)}

#ifdef __cplusplus
}
#endif

#endif /* JAMD_PLUGIN_H */
