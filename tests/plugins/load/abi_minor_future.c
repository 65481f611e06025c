/* abi_minor_future: a descriptor built for plugin ABI 1.1, a minor later than this 1.0 jamd. */
#include <jamd/plugin.h>

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  (void)host, (void)options, (void)state, (void)error;
  return JAMD_OK;
}

JAMD_PLUGIN_EXTERN __attribute__((visibility("default"))) const jamd_plugin_v1 JAMD_PLUGIN_SYMBOL;
const jamd_plugin_v1 JAMD_PLUGIN_SYMBOL = {.magic = JAMD_PLUGIN_MAGIC,
                                           .abi_major = 1,
                                           .abi_minor = 1,
                                           .struct_size = sizeof(jamd_plugin_v1),
                                           .name = "abi_minor_future",
                                           .version = "1.0.0",
                                           .init = init};
