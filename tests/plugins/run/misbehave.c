/* misbehave: a fixture plugin whose command types each break the reply contract of plugin.h
 * one way (jamd must give the client "ERR internal error", keep the session open and log a
 * warning naming the problem), or keep it in a way that is easy to get wrong (an error reply
 * with text to sanitise and cut, a reply of exactly JAMD_MAX_REPLY_BYTES, a close). */

#include <string.h>

#include <jamd/plugin.h>

static const jamd_host_v1* host;

static int append(jamd_reply* reply, const char* text) {
  return host->reply_append(reply, text, strlen(text));
}

/* "\r\n" inside the reply: it would forge a second reply line. */
static int run_crlf(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count;
  append(reply, "first\r\nsecond");
  return JAMD_OK;
}

/* A byte that is no UTF-8. */
static int run_bad_utf8(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count;
  append(reply, "caf\xe9");
  return JAMD_OK;
}

/* A control character (ESC), which a terminal would act on. */
static int run_control(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count;
  append(reply, "bell\x1b[2J");
  return JAMD_OK;
}

/* JAMD_OK without a reply. */
static int run_silent(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count, (void)reply;
  return JAMD_OK;
}

/* Appends until jamd refuses, then returns JAMD_OK anyway. */
static int run_too_long(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  char text[1000];
  (void)instance, (void)args, (void)count;
  memset(text, 'x', sizeof text);
  while (host->reply_append(reply, text, sizeof text) == JAMD_OK) {
  }
  return JAMD_OK;
}

/* Exactly JAMD_MAX_REPLY_BYTES: the longest good reply. */
static int run_longest(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  static char text[JAMD_MAX_REPLY_BYTES];
  (void)instance, (void)args, (void)count;
  memset(text, 'y', sizeof text);
  return host->reply_append(reply, text, sizeof text);
}

/* A reply, then JAMD_CLOSE. */
static int run_reply_close(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count;
  append(reply, "goodbye");
  return JAMD_CLOSE;
}

/* A value that is no jamd_status. */
static int run_seven(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count;
  append(reply, "seven");
  return 7;
}

/* JAMD_DEFERRED, which plugin.h reserves for a later minor. */
static int run_deferred(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count, (void)reply;
  return JAMD_DEFERRED;
}

/* JAMD_ERROR, after a reply that jamd must discard. */
static int run_error(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count;
  append(reply, "half a reply");
  return JAMD_ERROR;
}

/* The plugin's own failure, with a reason for the log. */
static int run_internal(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count;
  append(reply, "half a reply");
  return host->reply_internal_error(reply, "the frobnicator is out of order");
}

/* A good error reply whose message needs sanitising (a control character, a bad byte) and
 * cutting (250 characters). */
static int run_client_error(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  static const char start[] = "no\x01such\xffthing ";
  char message[250];
  (void)instance, (void)args, (void)count;
  memcpy(message, start, sizeof start - 1);
  memset(message + sizeof start - 1, 'z', sizeof message - (sizeof start - 1));
  append(reply, "overwritten by the error");
  return host->reply_error(reply, message, sizeof message);
}

/* Closes the session, as QUIT does. */
static int run_close(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count, (void)reply;
  return JAMD_CLOSE;
}

static int misbehave_init(const jamd_host_v1* jamd, jamd_options* options, void** plugin_state,
                          jamd_error* error) {
  static const struct {
    const char* name;
    int (*run)(void*, const jamd_str*, size_t, jamd_reply*);
  } types[] = {
      {"crlf", run_crlf},
      {"bad_utf8", run_bad_utf8},
      {"control", run_control},
      {"silent", run_silent},
      {"too_long", run_too_long},
      {"longest", run_longest},
      {"reply_close", run_reply_close},
      {"seven", run_seven},
      {"deferred", run_deferred},
      {"error", run_error},
      {"internal", run_internal},
      {"client_error", run_client_error},
      {"close", run_close},
  };
  size_t i;
  (void)options, (void)plugin_state, (void)error;
  host = jamd;
  for (i = 0; i < sizeof types / sizeof types[0]; ++i) {
    jamd_command_type_v1 type;
    memset(&type, 0, sizeof type);
    type.struct_size = sizeof type;
    type.name = types[i].name;
    type.arguments = "";
    type.summary = "breaks the reply contract";
    type.min_args = 0;
    type.max_args = 0;
    type.run = types[i].run;
    if (host->register_type(host, &type) != JAMD_OK) return JAMD_ERROR;
  }
  return JAMD_OK;
}

JAMD_PLUGIN("misbehave", "1.0.0", misbehave_init, NULL);
