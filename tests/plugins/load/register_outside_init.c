/* register_outside_init: its create calls register_type, which works only during init. */
#include <string.h>

#include <jamd/plugin.h>

static const jamd_host_v1* host;

static int run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count;
  return host->reply_append(reply, "EARLY", 5);
}

static const jamd_command_type_v1 late = {
    .struct_size = sizeof late, .name = "late", .summary = "too late", .run = run};

/* Succeeds only when jamd refuses the late type, as plugin.h promises. */
static int create(void* state, jamd_options* options, void** instance, jamd_error* error) {
  (void)state, (void)options, (void)instance;
  if (host->register_type(host, &late) == JAMD_ERROR) return JAMD_OK;
  strcpy(error->message, "register_type took a type outside init");
  return JAMD_ERROR;
}

static int init(const jamd_host_v1* jamd, jamd_options* options, void** state, jamd_error* error) {
  static const jamd_command_type_v1 early = {.struct_size = sizeof early,
                                             .name = "early",
                                             .summary = "in time",
                                             .create = create,
                                             .run = run};
  (void)options, (void)state, (void)error;
  host = jamd;
  return host->register_type(host, &early);
}

JAMD_PLUGIN("register_outside_init", "1.0.0", init, NULL);
