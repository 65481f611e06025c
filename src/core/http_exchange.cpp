#include "core/http_exchange.hpp"

#include <algorithm>

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>

#include "core/replies.hpp"

namespace jamd::core {
namespace {

namespace http = boost::beast::http;

/// `response` as it goes on the wire, appended to `out`: Beast serialises it into buffers, and
/// the session sends them through its one write path, with its send deadline and its counts.
void serialize(http::response<http::string_body>& response, std::string& out) {
  http::response_serializer<http::string_body> serializer(response);
  boost::beast::error_code error;
  do {
    serializer.next(error, [&](boost::beast::error_code& ec, const auto& buffers) {
      ec = {};
      std::size_t n = 0;
      for (const auto buffer : boost::beast::buffers_range_ref(buffers)) {
        out.append(static_cast<const char*>(buffer.data()), buffer.size());
        n += buffer.size();
      }
      serializer.consume(n);
    });
  } while (!error && !serializer.is_done());
}

/// The path of a request target: what comes before its query.
std::string_view path_of(boost::beast::string_view target) {
  const std::string_view whole(target.data(), target.size());
  return whole.substr(0, whole.find('?'));
}

}  // namespace

struct HttpExchange::Parser {
  Parser() { request.header_limit(kMaxHeaderBytes); }
  http::request_parser<http::empty_body> request;
  std::string pending;  // bytes of the header that Beast has not taken yet
};

HttpExchange::HttpExchange(const HttpHandler& handler)
    : handler_(handler), parser_(std::make_unique<Parser>()) {}

HttpExchange::~HttpExchange() = default;

HttpExchange::Status HttpExchange::feed(std::string_view bytes, std::string& out) {
  auto& parser = parser_->request;
  // Beast parses a header only once all of it is in one buffer: keep what came so far.
  std::string& pending = parser_->pending;
  pending.append(bytes.substr(0, kMaxHeaderBytes + 1 - std::min(pending.size(), kMaxHeaderBytes)));
  boost::beast::error_code error;
  const std::size_t used = parser.put(boost::asio::buffer(pending), error);
  pending.erase(0, used);
  if (error == http::error::need_more) {
    if (pending.size() <= kMaxHeaderBytes) return Status::need_more;
    error = http::error::header_limit;
  }
  if (!error && !parser.is_header_done()) return Status::need_more;

  http::response<http::string_body> response;
  response.version(11);
  response.keep_alive(false);  // Connection: close: one request per connection
  const bool head = !error && parser.get().method() == http::verb::head;
  if (error == http::error::header_limit) {
    response.result(http::status::request_header_fields_too_large);
    response.body() = replies::kHttpHeaderTooLarge;
  } else if (error) {
    response.result(http::status::bad_request);
    response.body() = replies::kHttpBadRequest;
  } else if (parser.get().method() != http::verb::get && !head) {
    response.result(http::status::method_not_allowed);
    response.set(http::field::allow, "GET, HEAD");
    response.body() = replies::kHttpMethodNotAllowed;
  } else {
    HttpResponse answer = handler_(path_of(parser.get().target()));
    response.result(answer.status);
    response.set(http::field::content_type, answer.content_type);
    response.body() = std::move(answer.body);
  }
  if (!response.count(http::field::content_type)) {
    response.set(http::field::content_type, "text/plain; charset=utf-8");
  }
  response.prepare_payload();
  if (head) response.body().clear();  // Content-Length stays that of the GET
  serialize(response, out);
  return Status::answered;
}

}  // namespace jamd::core
