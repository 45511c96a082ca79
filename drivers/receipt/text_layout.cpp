// East Asian width by code point ranges (UAX #11 wide and full-width blocks) and greedy wrapping.
#include "receipt/text_layout.h"

#include "common/gb18030.h"

namespace yiwang::drivers {

// Decodes one code point at text[i]; advances i. Invalid bytes yield U+FFFD and advance by one.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  int length = lead < 0x80           ? 1
               : (lead >> 5) == 0x6  ? 2
               : (lead >> 4) == 0xE  ? 3
               : (lead >> 3) == 0x1E ? 4
                                     : 0;
  if (length == 0 || i + static_cast<std::size_t>(length) > text.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    const auto c = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
    if ((c & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += static_cast<std::size_t>(length);
  return cp;
}

int code_point_width(char32_t cp) {
  if (cp == 0) return 0;
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
      (cp >= 0xFE00 && cp <= 0xFE0F))
    return 0;
  const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
                    (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
                    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
                    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

int display_width(std::string_view utf8) {
  int width = 0;
  for (std::size_t i = 0; i < utf8.size();) width += code_point_width(next_code_point(utf8, i));
  return width;
}

std::vector<std::string> wrap_text(std::string_view utf8, int columns) {
  std::vector<std::string> lines;
  if (columns < 2) columns = 2;
  std::string line;
  int line_width = 0;
  std::size_t last_space = std::string::npos;  // byte offset in `line` of the last break space
  int width_at_space = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(utf8, i);
    const int w = code_point_width(cp);
    const std::string_view piece = utf8.substr(start, i - start);
    if (line_width + w > columns) {
      if (cp == U' ') {  // a space at the break point is dropped
        lines.push_back(line);
        line.clear();
        line_width = 0;
        last_space = std::string::npos;
        continue;
      }
      if (w == 1 && last_space != std::string::npos) {
        // Latin word: move it whole to the next line.
        std::string rest = line.substr(last_space + 1);
        lines.push_back(line.substr(0, last_space));
        line = rest;
        line_width -= width_at_space + 1;
      } else {
        lines.push_back(line);
        line.clear();
        line_width = 0;
      }
      last_space = std::string::npos;
    }
    if (cp == U' ') {
      last_space = line.size();
      width_at_space = line_width;
    } else if (w == 2) {
      last_space = std::string::npos;  // wide characters break anywhere; no word to carry
    }
    line.append(piece);
    line_width += w;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

namespace {

bool printable_code_point(std::string_view utf8_char, char32_t cp) {
  if (cp < 0x80) return true;
  // CJK Extension A and beyond, and private-use code points, are not in the printer fonts
  // (GB2312/GBK): some Extension A characters even have two-byte codes in the user-defined
  // area that a printer prints as something else.
  if (cp == 0xFFFD || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xE000 && cp <= 0xF8FF) ||
      cp >= 0x10000)
    return false;
  auto encoded = utf8_to_gb18030(utf8_char);
  return encoded && encoded.value().size() == 2;
}

}  // namespace

bool printable_as_two_byte_gb18030(std::string_view utf8) {
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(utf8, i);
    if (!printable_code_point(utf8.substr(start, i - start), cp)) return false;
  }
  return true;
}

std::string printable_or_question_marks(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(utf8, i);
    const std::string_view piece = utf8.substr(start, i - start);
    if (printable_code_point(piece, cp)) {
      out.append(piece);
    } else {
      out += '?';
    }
  }
  return out;
}

}  // namespace yiwang::drivers
