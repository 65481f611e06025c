/* no_descriptor: a shared object that defines no descriptor (no JAMD_PLUGIN), so no plugin. */
#include <jamd/plugin.h>

__attribute__((visibility("default"))) int no_descriptor_answer(void);

int no_descriptor_answer(void) {
  return 42;
}
