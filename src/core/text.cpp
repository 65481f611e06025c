#include "core/text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

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

/// True when every byte of `text` is from ' ' to '~'.
bool is_printable_ascii(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHigh = 0x8080808080808080;
  // With no byte of 0x80 or more, a byte's high bit after subtracting 0x20 says it was below
  // 0x20, and after adding 1 that it was 0x7F (DEL).
  const auto printable = [](const char* eight) {
    std::uint64_t w;
    std::memcpy(&w, eight, 8);
    return ((w | (w - kOnes * 0x20) | (w + kOnes)) & kHigh) == 0;
  };
  const std::size_t n = text.size();
  if (n < 8) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= ' ' && c <= '~'; });
  }
  for (std::size_t i = 0; i + 8 < n; i += 8) {
    if (!printable(text.data() + i)) return false;
  }
  return printable(text.data() + n - 8);  // the last eight, which may overlap the ones before
}

}  // namespace

bool is_utf8(std::string_view text) {
  return all_of(text, [](char32_t) { return true; });
}

bool is_printable_utf8(std::string_view text) {
  // Requests and replies are plain printable ASCII: check that first, eight bytes at a time,
  // and decode only text that has anything else (a tab, a control character, UTF-8).
  if (is_printable_ascii(text)) return true;
  return all_of(text, [](char32_t cp) { return cp == ' ' || cp == '\t' || !is_control(cp); });
}

std::string to_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const std::string_view rest = text;
    if (pop_code_point(text) == kInvalid) {
      out.append(kReplacement);
    } else {
      out.append(rest.substr(0, rest.size() - text.size()));
    }
  }
  return out;
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
