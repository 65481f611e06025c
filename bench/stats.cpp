#include "bench/stats.hpp"

#include <cstring>

namespace jamd::bench {

void Stats::merge(const Stats& other) {
  requests += other.requests;
  sessions += other.sessions;
  connect_failures += other.connect_failures;
  resets += other.resets;
  unexpected_eofs += other.unexpected_eofs;
  timeouts += other.timeouts;
  wrong_replies += other.wrong_replies;
  latency.merge(other.latency);
  session_time.merge(other.session_time);
  if (first_error.empty()) first_error = other.first_error;
  if (first_wrong_reply.empty()) first_wrong_reply = other.first_wrong_reply;
}

std::uint64_t Stats::errors() const {
  return connect_failures + resets + unexpected_eofs + timeouts;
}

void Stats::note_error(const char* what, int error_number) {
  if (!first_error.empty()) return;
  first_error = what;
  if (error_number != 0) first_error += std::string(": ") + std::strerror(error_number);
}

}  // namespace jamd::bench
