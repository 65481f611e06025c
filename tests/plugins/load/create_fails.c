/* create_fails: its type's create fails, and writes why into the error buffer. */
#include <stdio.h>

#include <jamd/plugin.h>

static int run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count, (void)reply;
  return JAMD_OK;
}

static int create(void* state, jamd_options* options, void** instance, jamd_error* error) {
  (void)state, (void)options, (void)instance;
  snprintf(error->message, sizeof error->message, "no %s today", "hello");
  return JAMD_ERROR;
}

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  static const jamd_command_type_v1 type = {.struct_size = sizeof type,
                                            .name = "hello",
                                            .summary = "never made",
                                            .create = create,
                                            .run = run};
  (void)options, (void)state, (void)error;
  return host->register_type(host, &type);
}

JAMD_PLUGIN("create_fails", "1.0.0", init, NULL);
