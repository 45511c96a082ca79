// Display width of text on a receipt (CJK counts double) and wrapping to the paper's columns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace yiwang::drivers {

// Decodes the code point at text[i] and advances i past it. Invalid or cut-off sequences yield
// U+FFFD and advance by one byte.
char32_t next_code_point(std::string_view text, std::size_t& i);
// Columns one code point takes in font A: 2 for wide (CJK, Hangul, full-width forms), 0 for
// combining marks, 1 otherwise.
int code_point_width(char32_t cp);
// Sum over the UTF-8 text; invalid bytes count as one column each.
int display_width(std::string_view utf8);
// Splits text into lines of at most `columns`, breaking at spaces in Latin text and between any
// two wide characters; a word longer than a line is broken inside. Never splits a code point.
std::vector<std::string> wrap_text(std::string_view utf8, int columns);
// True when every code point is ASCII or in GB18030's two-byte area outside CJK Extension A and
// private use: what Chinese receipt printers print from their own font. The rest (rare
// characters of names and places, four-byte GB18030) has to go out as a raster image.
bool printable_as_two_byte_gb18030(std::string_view utf8);
// The text with every code point that is not printable so replaced by '?'.
std::string printable_or_question_marks(std::string_view utf8);

}  // namespace yiwang::drivers
