#include "log/json_string.hpp"

#include <string>

#include "core/text.hpp"

namespace jamd::log {
namespace {

void append_escaped(std::string_view text, spdlog::memory_buf_t& out) {
  constexpr char kHex[] = "0123456789abcdef";
  std::size_t plain = 0;  // the start of the run of bytes that need no escape
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
    out.append(text.data() + plain, text.data() + i);
    plain = i + 1;
    switch (byte) {
      case '"':
        out.append(std::string_view("\\\""));
        break;
      case '\\':
        out.append(std::string_view("\\\\"));
        break;
      case '\n':
        out.append(std::string_view("\\n"));
        break;
      case '\r':
        out.append(std::string_view("\\r"));
        break;
      case '\t':
        out.append(std::string_view("\\t"));
        break;
      default: {
        const char escape[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]};
        out.append(escape, escape + sizeof escape);
      }
    }
  }
  out.append(text.data() + plain, text.data() + text.size());
}

}  // namespace

void append_json_string(std::string_view text, spdlog::memory_buf_t& out) {
  out.push_back('"');
  // Nearly every line is valid UTF-8 already: it is copied after one check. Bytes above 0x7F
  // need no escape once they are valid.
  if (core::is_utf8(text)) {
    append_escaped(text, out);
  } else {
    append_escaped(core::to_utf8(text), out);
  }
  out.push_back('"');
}

}  // namespace jamd::log
