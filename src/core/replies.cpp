#include "core/replies.hpp"

#include "core/text.hpp"

namespace jamd::core::replies {

void error(std::string& out, std::string_view message) {
  out.append("ERR ").append(message).append("\r\n");
}

void unknown_command(std::string& out, std::string_view name) {
  error(out, "unknown command '" + sanitize(name) + "'");
}

void not_a_command(std::string& out, std::string_view line, std::string_view word) {
  if (is_printable_utf8(line)) return unknown_command(out, word);
  bad_characters(out);
}

void wrong_arguments(std::string& out, std::string_view name) {
  error(out, "wrong number of arguments for '" + sanitize(name) + "'");
}

void not_allowed(std::string& out, std::string_view name, const Peer& client) {
  error(out, "'" + sanitize(name) + "' is not allowed from " + client.address_text());
}

void bad_characters(std::string& out) {
  error(out, "request must be UTF-8 text without control characters");
}

void line_too_long(std::string& out) {
  error(out, "line too long");
}

void too_many_connections(std::string& out) {
  error(out, "too many connections");
}

void too_many_from_client(std::string& out) {
  error(out, "too many connections from your address");
}

void too_fast_from_client(std::string& out) {
  error(out, "too many new connections from your address");
}

void access_denied(std::string& out) {
  error(out, "access denied");
}

void unknown_figure(std::string& out, std::string_view name) {
  error(out, "unknown figure '" + sanitize(name) + "'");
}

void internal_error(std::string& out) {
  error(out, "internal error");
}

void clock_not_synchronized(std::string& out) {
  error(out, "clock not synchronized");
}

}  // namespace jamd::core::replies
