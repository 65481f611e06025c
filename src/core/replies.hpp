#pragma once

// The error replies the protocol defines, in one place: the core and the command registry
// write them; docs/protocol.md quotes them.

#include <string>
#include <string_view>

#include "core/peer.hpp"

/// Every error text a client can see, in one place. Each function appends one whole reply
/// line, "\r\n" included, to `out`; user input is sanitised before it is echoed.
namespace jamd::core::replies {

/// Appends "ERR <message>\r\n".
void error(std::string& out, std::string_view message);

void unknown_command(std::string& out, std::string_view name);
/// The reply to a `line` that no command owns, whose first word is `word`: the error for
/// bytes that are not text, or else the unknown-command error.
void not_a_command(std::string& out, std::string_view line, std::string_view word);
void wrong_arguments(std::string& out, std::string_view name);
/// What a client gets for a command, `name` as it typed it, that the command's own allow
/// list keeps from its address: "ERR 'SECRET' is not allowed from 192.0.2.7".
void not_allowed(std::string& out, std::string_view name, const Peer& client);
void bad_characters(std::string& out);
void line_too_long(std::string& out);
void too_many_connections(std::string& out);
/// What a client gets at accept when limits.max_connections_per_client of its sessions are open.
void too_many_from_client(std::string& out);
/// What a client gets at accept when it opens connections faster than its per-client rate.
void too_fast_from_client(std::string& out);
/// What a client the access rules deny gets, at accept, before it is closed.
void access_denied(std::string& out);
/// What STATS answers for a `name` that names no figure: "ERR unknown figure 'foo'".
void unknown_figure(std::string& out, std::string_view name);
/// The bodies of the admin port's HTTP errors, one line each: a path of no page, a request
/// that is no HTTP/1 request, a header past 8 KiB, a method other than GET and HEAD.
inline constexpr std::string_view kHttpNotFound = "not found: try /metrics or /healthz\n";
inline constexpr std::string_view kHttpBadRequest = "bad request\n";
inline constexpr std::string_view kHttpHeaderTooLarge = "request header too large\n";
inline constexpr std::string_view kHttpMethodNotAllowed = "only GET and HEAD\n";

/// What a client gets instead of a reply that broke the contract of a command's reply.
void internal_error(std::string& out);
/// What a time command replies while the clock is not synchronised and clock.unsynchronized
/// is "error": "ERR clock not synchronized", which a balancer's check for "^JAM" fails on.
void clock_not_synchronized(std::string& out);

}  // namespace jamd::core::replies
