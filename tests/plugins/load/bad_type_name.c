/* bad_type_name: registers a type named "Hello", with an uppercase letter. */
#include <jamd/plugin.h>

static int run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count, (void)reply;
  return JAMD_OK;
}

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  static const jamd_command_type_v1 type = {
      .struct_size = sizeof type, .name = "Hello", .summary = "a type jamd refuses", .run = run};
  (void)options, (void)state, (void)error;
  host->register_type(host, &type); /* refused; init succeeds all the same */
  return JAMD_OK;
}

JAMD_PLUGIN("bad_type_name", "1.0.0", init, NULL);
