/* tanggal: the date in Indonesian, a jamd plugin in C.
 *
 *   "plugins":  [ { "path": "tanggal" } ],
 *   "commands": [ { "name": "TANGGAL", "type": "tanggal.date", "timezone": "Asia/Jakarta" } ]
 *
 *   TANGGAL  ->  TANGGAL Selasa, 1 Desember 2026
 *
 * "timezone" is "local" (the default), "UTC" or an IANA name, as for TIME. */

#include <stdio.h>

#include <jamd/plugin.h>

static const jamd_host_v1* host;

static const char* const days[] = {"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"};
static const char* const months[] = {"Januari",   "Februari", "Maret",    "April",
                                     "Mei",       "Juni",     "Juli",     "Agustus",
                                     "September", "Oktober",  "November", "Desember"};

/* An instance is the zone it reads the clock in: jamd keeps zones until it exits. */
static int date_create(void* plugin_state, jamd_options* options, void** instance,
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

/* The reply changes once a second at most: each I/O thread keeps the last one it made, for
 * the zone it was made in (zones live until jamd exits, so their addresses are never reused).
 * run is called on many threads at once; this keeps them from sharing anything. */
static __thread struct {
  const void* zone;
  int64_t second;
  char text[64];
  size_t length;
} last;

static int date_run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  const int64_t second = host->now(host) / 1000000000;
  jamd_local_time t;
  (void)args;
  (void)count;
  if (last.zone != instance || last.second != second) {
    int length;
    if (host->local_time(instance, second, &t) != JAMD_OK) {
      return host->reply_internal_error(reply, "the clock is out of the zone's range");
    }
    length = snprintf(last.text, sizeof last.text, "TANGGAL %s, %d %s %d", days[t.weekday],
                      (int)t.day, months[t.month - 1], (int)t.year);
    last.zone = instance;
    last.second = second;
    last.length = (size_t)length;
  }
  return host->reply_append(reply, last.text, last.length);
}

static int tanggal_init(const jamd_host_v1* jamd, jamd_options* options, void** plugin_state,
                        jamd_error* error) {
  jamd_command_type_v1 date = {0};
  (void)options;
  (void)plugin_state;
  (void)error;
  host = jamd;
  date.struct_size = sizeof date;
  date.name = "date";
  date.arguments = "";
  date.summary = "replies TANGGAL and today's date in Indonesian";
  date.min_args = 0;
  date.max_args = 0;
  date.create = date_create;
  date.run = date_run;
  return host->register_type(host, &date);
}

JAMD_PLUGIN("tanggal", "1.0.0", tanggal_init, NULL);
