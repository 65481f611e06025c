/* short_type: registers a type whose struct_size is that of one field, not of the struct. */
#include <jamd/plugin.h>

static int run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count, (void)reply;
  return JAMD_OK;
}

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  static const jamd_command_type_v1 type = {.struct_size = sizeof(uint32_t),
                                            .name = "hello",
                                            .summary = "a type jamd refuses",
                                            .run = run};
  (void)options, (void)state, (void)error;
  host->register_type(host, &type); /* refused; init succeeds all the same */
  return JAMD_OK;
}

JAMD_PLUGIN("short_type", "1.0.0", init, NULL);
