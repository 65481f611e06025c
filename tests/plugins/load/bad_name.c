/* bad_name: a descriptor whose name "Bad-Name" has an uppercase letter and a '-'. */
#include <jamd/plugin.h>

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  (void)host, (void)options, (void)state, (void)error;
  return JAMD_OK;
}

JAMD_PLUGIN("Bad-Name", "1.0.0", init, NULL);
