/* too_many_args: registers a type that takes up to 9 arguments, one more than JAMD_MAX_ARGS. */
#include <jamd/plugin.h>

static int run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count, (void)reply;
  return JAMD_OK;
}

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  static const jamd_command_type_v1 type = {.struct_size = sizeof type,
                                            .name = "hello",
                                            .summary = "a type jamd refuses",
                                            .max_args = 9,
                                            .run = run};
  (void)options, (void)state, (void)error;
  host->register_type(host, &type); /* refused; init succeeds all the same */
  return JAMD_OK;
}

JAMD_PLUGIN("too_many_args", "1.0.0", init, NULL);
