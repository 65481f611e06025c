/* tanggal: the date in Indonesian, and the time of day, a jamd plugin in C.
 *
 *   "plugins":  [ { "path": "tanggal" } ],
 *   "commands": [ { "name": "TANGGAL", "type": "tanggal.date", "timezone": "Asia/Jakarta" },
 *                 { "name": "JAM", "type": "tanggal.clock", "timezone": "Asia/Jakarta" } ]
 *
 *   TANGGAL  ->  TANGGAL Selasa, 1 Desember 2026
 *   JAM      ->  JAM 14:03:27
 *
 * "timezone" is "local" (the default), "UTC" or an IANA name, as for TIME. tanggal.clock
 * replies what TIME replies, through the plugin interface: the two side by side measure what
 * a plugin costs (./scripts/bench). */

#include <stdio.h>

#include <jamd/plugin.h>

static const jamd_host_v1* host;

static const char* const days[] = {"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"};
static const char* const months[] = {"Januari",   "Februari", "Maret",    "April",
                                     "Mei",       "Juni",     "Juli",     "Agustus",
                                     "September", "Oktober",  "November", "Desember"};

/* An instance is the zone it reads the clock in: jamd keeps zones until it exits. */
static int zone_create(void* plugin_state, jamd_options* options, void** instance,
                       jamd_error* error) {
  char name[128];
  const jamd_str zone = host->option_string(options, "timezone", "local");
  const jamd_zone* found;
  (void)plugin_state;
  (void)error;
  if (zone.size >= sizeof name) {
    host->option_refuse(options, "timezone", "too long for a time zone's name");
    return JAMD_ERROR;
  }
  snprintf(name, sizeof name, "%.*s", (int)zone.size, zone.data);
  found = host->find_zone(name);
  if (found == NULL) {
    host->option_refuse(options, "timezone",
                        "unknown time zone: use \"local\", \"UTC\" or an IANA name such as "
                        "\"Asia/Jakarta\"");
    return JAMD_ERROR;
  }
  *instance = (void*)found;
  return JAMD_OK;
}

/* A reply changes once a second at most: each I/O thread keeps the last one it made of each
 * type, with the zone it was made in (zones live until jamd exits, so their addresses are
 * never reused). run is called on many threads at once; this keeps them from sharing. */
struct last_reply {
  const void* zone;
  int64_t second;
  char text[64];
  size_t length;
};

/* Appends the reply of `format` for the time now in `zone`, made again when the second or
 * the zone changed since `last`. */
static int reply_now(struct last_reply* last, const jamd_zone* zone, jamd_reply* reply,
                     int (*format)(char* text, size_t size, const jamd_local_time* t)) {
  const int64_t second = host->now(host) / 1000000000;
  if (last->zone != zone || last->second != second) {
    jamd_local_time t;
    if (host->local_time(zone, second, &t) != JAMD_OK) {
      return host->reply_internal_error(reply, "the clock is out of the zone's range");
    }
    last->length = (size_t)format(last->text, sizeof last->text, &t);
    last->zone = zone;
    last->second = second;
  }
  return host->reply_append(reply, last->text, last->length);
}

static int format_date(char* text, size_t size, const jamd_local_time* t) {
  return snprintf(text, size, "TANGGAL %s, %d %s %d", days[t->weekday], (int)t->day,
                  months[t->month - 1], (int)t->year);
}

static int format_clock(char* text, size_t size, const jamd_local_time* t) {
  return snprintf(text, size, "JAM %02d:%02d:%02d", (int)t->hour, (int)t->minute, (int)t->second);
}

static int date_run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  static __thread struct last_reply last;
  (void)args, (void)count;
  return reply_now(&last, instance, reply, format_date);
}

static int clock_run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  static __thread struct last_reply last;
  (void)args, (void)count;
  return reply_now(&last, instance, reply, format_clock);
}

/* Registers a type without arguments whose instances are zones. */
static int add_type(const char* name, const char* summary,
                    int (*run)(void*, const jamd_str*, size_t, jamd_reply*)) {
  jamd_command_type_v1 type = {0};
  type.struct_size = sizeof type;
  type.name = name;
  type.arguments = "";
  type.summary = summary;
  type.min_args = 0;
  type.max_args = 0;
  type.create = zone_create;
  type.run = run;
  return host->register_type(host, &type);
}

static int tanggal_init(const jamd_host_v1* jamd, jamd_options* options, void** plugin_state,
                        jamd_error* error) {
  (void)options, (void)plugin_state, (void)error;
  host = jamd;
  if (add_type("date", "replies TANGGAL and today's date in Indonesian", date_run) != JAMD_OK) {
    return JAMD_ERROR;
  }
  return add_type("clock", "replies JAM hh:mm:ss, as TIME does", clock_run);
}

JAMD_PLUGIN("tanggal", "1.0.0", tanggal_init, NULL);
