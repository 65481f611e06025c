/* option_refused: its type's create refuses option "colour" unless it is "red". */
#include <string.h>

#include <jamd/plugin.h>

static const jamd_host_v1* host;

static int run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count;
  return host->reply_append(reply, "RED", 3);
}

static int create(void* state, jamd_options* options, void** instance, jamd_error* error) {
  const jamd_str colour = host->option_string(options, "colour", "red");
  (void)state, (void)instance, (void)error;
  if (colour.size == 3 && memcmp(colour.data, "red", 3) == 0) return JAMD_OK;
  host->option_refuse(options, "colour", "only \"red\" is known");
  return JAMD_ERROR;
}

static int init(const jamd_host_v1* jamd, jamd_options* options, void** state, jamd_error* error) {
  static const jamd_command_type_v1 type = {.struct_size = sizeof type,
                                            .name = "paint",
                                            .summary = "replies RED",
                                            .create = create,
                                            .run = run};
  (void)options, (void)state, (void)error;
  host = jamd;
  return host->register_type(host, &type);
}

JAMD_PLUGIN("option_refused", "1.0.0", init, NULL);
