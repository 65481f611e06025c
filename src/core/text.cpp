#include "core/text.hpp"

#include <algorithm>
#include <cstdint>

namespace jamd::core {
namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

/// Decodes the code point at the front of `text` and removes it, or one byte when invalid.
char32_t pop_code_point(std::string_view& text) {
  const auto lead = static_cast<unsigned char>(text[0]);
  std::size_t length = 1;
  char32_t min = 0;
  char32_t cp = lead;
  if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, min = 0x10000, cp = lead & 0x07;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, min = 0x800, cp = lead & 0x0F;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, min = 0x80, cp = lead & 0x1F;
  } else if (lead >= 0x80) {
    text.remove_prefix(1);
    return kInvalid;
  }
  if (text.size() < length) {
    text.remove_prefix(1);
    return kInvalid;
  }
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) != 0x80) {
      text.remove_prefix(1);
      return kInvalid;
    }
    cp = (cp << 6) | (byte & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    text.remove_prefix(1);
    return kInvalid;
  }
  text.remove_prefix(length);
  return cp;
}

bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

template <typename Accept>
bool all_of(std::string_view text, Accept accept) {
  while (!text.empty()) {
    if (static_cast<unsigned char>(text[0]) < 0x80) {  // ASCII: the common case, no decoding
      if (!accept(static_cast<char32_t>(text[0]))) return false;
      text.remove_prefix(1);
    } else if (const char32_t cp = pop_code_point(text); cp == kInvalid || !accept(cp)) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool is_utf8(std::string_view text) {
  return all_of(text, [](char32_t) { return true; });
}

bool is_printable_utf8(std::string_view text) {
  // Requests are plain ASCII: check that first, byte by byte, before decoding.
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return (c >= ' ' && c < 0x7f) || c == '\t'; })) {
    return true;
  }
  return all_of(text, [](char32_t cp) { return cp == ' ' || cp == '\t' || !is_control(cp); });
}

std::string sanitize(std::string_view text, std::size_t max_chars) {
  std::string out;
  for (std::size_t chars = 0; !text.empty(); ++chars) {
    if (chars == max_chars) return out.append("...");
    const std::string_view rest = text;
    const char32_t cp = pop_code_point(text);
    if (cp == kInvalid || is_control(cp)) {
      out.append(kReplacement);
    } else {
      out.append(rest.substr(0, rest.size() - text.size()));
    }
  }
  return out;
}

}  // namespace jamd::core
