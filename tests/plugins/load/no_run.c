/* no_run: registers a type without a run function. */
#include <jamd/plugin.h>

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  static const jamd_command_type_v1 type = {
      .struct_size = sizeof type, .name = "hello", .summary = "a type jamd refuses"};
  (void)options, (void)state, (void)error;
  host->register_type(host, &type); /* refused; init succeeds all the same */
  return JAMD_OK;
}

JAMD_PLUGIN("no_run", "1.0.0", init, NULL);
