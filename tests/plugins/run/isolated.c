/* isolated_a and isolated_b, built from this one file with ISOLATED_NAME set: two fixture
 * plugins that both export a function helper(), for the test that jamd loads plugins with
 * RTLD_LOCAL: each plugin's command must call its own helper(), which it would not if the
 * first plugin's symbols were global. */

#include <string.h>

#include <jamd/plugin.h>

static const jamd_host_v1* host;

/* Exported despite -fvisibility=hidden, and not inlined, so that the call below goes through
 * the dynamic linker as a call to any exported function does. */
__attribute__((visibility("default"), noinline)) const char* helper(void);
__attribute__((visibility("default"), noinline)) const char* helper(void) {
  return "helper of " ISOLATED_NAME;
}

static int which_run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  const char* text = helper();
  (void)instance, (void)args, (void)count;
  return host->reply_append(reply, text, strlen(text));
}

static int isolated_init(const jamd_host_v1* jamd, jamd_options* options, void** plugin_state,
                         jamd_error* error) {
  jamd_command_type_v1 type;
  (void)options, (void)plugin_state, (void)error;
  host = jamd;
  memset(&type, 0, sizeof type);
  type.struct_size = sizeof type;
  type.name = "which";
  type.arguments = "";
  type.summary = "replies with the text of helper()";
  type.min_args = 0;
  type.max_args = 0;
  type.run = which_run;
  return host->register_type(host, &type);
}

JAMD_PLUGIN(ISOLATED_NAME, "1.0.0", isolated_init, NULL);
