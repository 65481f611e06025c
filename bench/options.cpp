#include "bench/options.hpp"

#include "core/proxy_header_writer.hpp"

#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace jamd::bench {

const char* const kUsage = R"(usage: jamd-bench [options]

A closed-loop load generator for line protocols: jamd (TIME), redis (inline PING),
memcached (version). Prints requests/s, latency percentiles, errors and wrong replies;
exits 1 when there was any error or wrong reply, 2 on a bad command line.

  --host HOST          server address (default 127.0.0.1)
  --port N             server port (default 45000)
  --connections N      concurrent connections (default 50)
  --pipeline P         requests in flight per connection, sent in one write (default 1)
  --threads N          load threads, each with its own share of connections (default 1)
  --duration S         seconds measured (default 5; fractions allowed)
  --warmup S           seconds run first and not measured (default 1)
  --timeout S          a reply later than this is a timeout error (default 2)
  --request LINE       the request, CRLF appended (default TIME)
  --expect PREFIX      what every reply line must start with (default "JAM ")
  --json               print one JSON object instead of text
  --churn              a new connection per request: connect, request, reply, then the
                       --quit line and wait for the server's close (or just close)
  --quit LINE          churn: the line that ends a session (QUIT for jamd and redis,
                       quit for memcached); without it the client closes first
  --idle N             open N connections, send one request on each, read its reply,
                       then hold them all for --hold seconds
  --hold S             idle: seconds to hold the connections (default 1)
  --server-pid PID     the server's process: load and churn report its CPU use, idle
                       its VmRSS growth per connection
  --first-reply        retry every 1 ms until the server answers one request correctly;
                       print the ms since --since (or since jamd-bench started)
  --since T            first reply: the start as seconds since the epoch, with up to 6
                       decimals (bash: --since "$EPOCHREALTIME")
  --ready-timeout S    idle and first reply: give up after this long (default 5)
  --proxy-v2           begin every connection with a PROXY protocol v2 header, as HAProxy's
                       send-proxy-v2 does, naming the client 192.0.2.1:40000 (for a jamd
                       whose proxy_protocol.trusted lists this host)
  --help               print this text
)";

namespace {

long to_long(std::string_view flag, const std::string& text, long min, long max) {
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || value < min || value > max) {
    throw std::invalid_argument(std::string(flag) + " needs a whole number from " +
                                std::to_string(min) + " to " + std::to_string(max) + ", not '" +
                                text + "'");
  }
  return value;
}

double to_seconds(std::string_view flag, const std::string& text, double min) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value >= min) || value > 86400) {
    throw std::invalid_argument(std::string(flag) + " needs seconds from " + std::to_string(min) +
                                " to 86400, not '" + text + "'");
  }
  return value;
}

/// "1732451234.123456" (bash's $EPOCHREALTIME) as microseconds, without rounding errors.
std::int64_t to_epoch_us(const std::string& text) {
  const auto dot = text.find_first_of(".,");
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (fraction.size() > 6) fraction.resize(6);
  fraction.resize(6, '0');
  const long seconds = to_long("--since", text.substr(0, dot), 0, 1L << 40);
  return seconds * 1'000'000 + to_long("--since", fraction, 0, 999'999);
}

void check_line(std::string_view flag, const std::string& line) {
  if (line.find_first_of("\r\n") != std::string::npos) {
    throw std::invalid_argument(std::string(flag) + " takes one line without CR or LF");
  }
}

}  // namespace

Options parse_options(int argc, const char* const* argv) {
  Options o;
  bool churn = false, first_reply = false, proxy_v2 = false;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    std::string value;
    bool has_value = false;
    if (const auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
      has_value = true;
    }
    auto arg = [&]() -> const std::string& {
      if (!has_value) {
        if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
        value = argv[++i];
        has_value = true;
      }
      return value;
    };
    if (flag == "--help" || flag == "-h") {
      o.help = true;
    } else if (flag == "--json") {
      o.json = true;
    } else if (flag == "--churn") {
      churn = true;
    } else if (flag == "--first-reply") {
      first_reply = true;
    } else if (flag == "--proxy-v2") {
      proxy_v2 = true;
    } else if (flag == "--host") {
      o.host = arg();
    } else if (flag == "--port") {
      o.port = static_cast<std::uint16_t>(to_long(flag, arg(), 1, 65535));
    } else if (flag == "--connections") {
      o.connections = static_cast<int>(to_long(flag, arg(), 1, 1'000'000));
    } else if (flag == "--pipeline") {
      o.pipeline = static_cast<int>(to_long(flag, arg(), 1, 100'000));
    } else if (flag == "--threads") {
      o.threads = static_cast<int>(to_long(flag, arg(), 1, 256));
    } else if (flag == "--duration") {
      o.duration_s = to_seconds(flag, arg(), 0.001);
    } else if (flag == "--warmup") {
      o.warmup_s = to_seconds(flag, arg(), 0);
    } else if (flag == "--timeout") {
      o.timeout_s = to_seconds(flag, arg(), 0.001);
    } else if (flag == "--request") {
      o.request = arg();
      check_line(flag, o.request);
    } else if (flag == "--expect") {
      o.expect = arg();
      check_line(flag, o.expect);
    } else if (flag == "--quit") {
      o.quit = arg();
      check_line(flag, o.quit);
    } else if (flag == "--idle") {
      o.idle = static_cast<int>(to_long(flag, arg(), 1, 1'000'000));
    } else if (flag == "--hold") {
      o.hold_s = to_seconds(flag, arg(), 0);
    } else if (flag == "--server-pid") {
      o.server_pid = static_cast<int>(to_long(flag, arg(), 1, 1L << 30));
    } else if (flag == "--ready-timeout") {
      o.ready_timeout_s = to_seconds(flag, arg(), 0.001);
    } else if (flag == "--since") {
      o.since_us = to_epoch_us(arg());
    } else {
      throw std::invalid_argument("unknown option '" + flag + "' (try --help)");
    }
  }
  if (churn + first_reply + (o.idle > 0) > 1) {
    throw std::invalid_argument("--churn, --idle and --first-reply exclude each other");
  }
  if (proxy_v2) {
    core::Peer client{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1}, 40000};
    core::Peer server{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1}, o.port};
    o.preamble = core::proxy_v2_header(client, server);
  }
  if (churn) o.mode = Mode::churn;
  if (first_reply) o.mode = Mode::first_reply;
  if (o.idle > 0) o.mode = Mode::idle;
  if (o.threads > o.connections) o.threads = o.connections;
  return o;
}

}  // namespace jamd::bench
