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

static const jamd_host_v1 *host;

static const char *const days[] = {"Minggu", "Senin", "Selasa", "Rabu",
                                   "Kamis",  "Jumat", "Sabtu"};
static const char *const months[] = {"Januari", "Februari", "Maret",     "April",
                                     "Mei",     "Juni",     "Juli",      "Agustus",
                                     "September", "Oktober", "November", "Desember"};

/* An instance is the zone it reads the clock in: jamd keeps zones until it exits. */
static int date_create(void *plugin_state, jamd_options *options, void **instance,
                       jamd_error *error) {
  char name[128];
  const jamd_str zone = host->option_string(options, "timezone", "local");
  const jamd_zone *found;
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
  *instance = (void *)found;
  return JAMD_OK;
}

static int date_run(void *instance, const jamd_str *args, size_t count, jamd_reply *reply) {
  char text[64];
  jamd_local_time t;
  int length;
  (void)args;
  (void)count;
  if (host->local_time(instance, host->now(host) / 1000000000, &t) != JAMD_OK) {
    return host->reply_internal_error(reply, "the clock is out of the zone's range");
  }
  length = snprintf(text, sizeof text, "TANGGAL %s, %d %s %d", days[t.weekday], (int)t.day,
                    months[t.month - 1], (int)t.year);
  return host->reply_append(reply, text, (size_t)length);
}

static int tanggal_init(const jamd_host_v1 *jamd, jamd_options *options, void **plugin_state,
                        jamd_error *error) {
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
