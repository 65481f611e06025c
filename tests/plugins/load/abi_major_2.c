/* abi_major_2: a descriptor built for a plugin ABI major 2, which this 1.0 jamd does not load. */
#include <jamd/plugin.h>

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  (void)host, (void)options, (void)state, (void)error;
  return JAMD_OK;
}

JAMD_PLUGIN_EXTERN __attribute__((visibility("default"))) const jamd_plugin_v1 JAMD_PLUGIN_SYMBOL;
const jamd_plugin_v1 JAMD_PLUGIN_SYMBOL = {.magic = JAMD_PLUGIN_MAGIC,
                                           .abi_major = 2,
                                           .abi_minor = 0,
                                           .struct_size = sizeof(jamd_plugin_v1),
                                           .name = "abi_major_2",
                                           .version = "1.0.0",
                                           .init = init};
