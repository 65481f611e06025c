/* duplicate_type: registers type "hello" twice, and fails its init when jamd refuses the second. */
#include <jamd/plugin.h>

static int run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count, (void)reply;
  return JAMD_OK;
}

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  static const jamd_command_type_v1 type = {
      .struct_size = sizeof type, .name = "hello", .summary = "says hello", .run = run};
  (void)options, (void)state, (void)error;
  if (host->register_type(host, &type) != JAMD_OK) return JAMD_ERROR;
  return host->register_type(host, &type); /* JAMD_ERROR, with no reason of its own */
}

JAMD_PLUGIN("duplicate_type", "1.0.0", init, NULL);
